import type { Actor } from "@/lib/auth/actor";
import type { FlowerTasksQuery } from "@/lib/flower/params";
import { pythonIsoformat, toFlowerTask, type FlowerTask } from "@/lib/flower/task-shape";
import { toFlowerWorker, type FlowerWorker, type LiveLists } from "@/lib/flower/worker-shape";
import { notFound } from "@/lib/http/errors";
import { listEventTotals } from "@/lib/repositories/event-totals";
import { findFlowerTaskRows, listFlowerTaskIds, listWorkerQueueTasks, type FlowerOrder, type FlowerTaskRow } from "@/lib/repositories/flower-reads";
import { listLatestQueueDepths } from "@/lib/repositories/queue-depth-reads";
import { listDistinctTaskValues } from "@/lib/repositories/task-filter-values";
import type { TaskFilter } from "@/lib/repositories/task-list-sql";
import { findWorker, listWorkers } from "@/lib/repositories/worker-reads";
import { workerPresence } from "@/lib/workers/presence";
import { InvalidParameterError } from "./service-errors";
import { toTaskFilter } from "./task-filter";

/*
 * Flower 2.1's read API over Bloom's tables (README "Coming from Flower"). Everything is read
 * from PostgreSQL, so any web replica answers, and nothing is limited to what one process
 * remembers. Shapes: lib/flower; parameters: lib/flower/params.ts.
 */

function toSource(row: FlowerTaskRow) {
  return { ...row, eta: row.eta ? pythonIsoformat(row.eta) : null, expires: row.expires ? pythonIsoformat(row.expires) : null };
}

/** `GET /api/tasks`: an object keyed by task id, in the order asked (JSON keeps insertion order). */
export async function listFlowerTasks(query: FlowerTasksQuery, now: Date = new Date()): Promise<Record<string, FlowerTask>> {
  const states = [...(query.state ? [query.state] : []), ...(query.search?.states ?? [])];
  const filter: TaskFilter = await toTaskFilter(
    {
      ...(states.length > 0 ? { state: [...new Set(states)] } : {}),
      ...(pick(query.name, query.search?.name, "taskname") !== undefined ? { name: pick(query.name, query.search?.name, "taskname") } : {}),
      ...(pick(query.worker, query.search?.worker, "workername") !== undefined ? { worker: pick(query.worker, query.search?.worker, "workername") } : {}),
      ...(query.search?.text !== undefined ? { q: query.search.text } : {}),
      ...(query.receivedFrom ? { from: query.receivedFrom } : {}),
      ...(query.receivedTo ? { to: query.receivedTo } : {}),
    },
    now,
  );
  // celery: with no sort_by Flower orders by the latest event's time; Bloom by received, newest
  // first, which is the same for tasks that have finished and needs no extra index.
  const order: FlowerOrder = query.sort ?? { key: "received", descending: true };
  // A search finds matches newest first; a name/state order is applied to what it found.
  const sortFound = query.search?.text !== undefined && (order.key === "name" || order.key === "state");
  const windowIds = await listFlowerTaskIds(filter, sortFound ? { key: "received", descending: true } : order, query.offset + query.limit);
  const found = await findFlowerTaskRows(sortFound ? windowIds : windowIds.slice(query.offset));
  const byId = new Map(found.map((row) => [row.uuid, row]));
  const ids = sortFound
    ? found
        .sort((a, b) => compareBy(order.key === "name" ? a.name : a.state, order.key === "name" ? b.name : b.state, order.descending))
        .slice(query.offset)
        .map((row) => row.uuid)
    : windowIds.slice(query.offset);
  const page: Record<string, FlowerTask> = {};
  for (const id of ids) {
    const row = byId.get(id);
    if (row) page[id] = toFlowerTask(toSource(row));
  }
  return page;
}

function pick(param: string | undefined, fromSearch: string | undefined, name: string): string | undefined {
  if (param !== undefined && fromSearch !== undefined && param !== fromSearch) {
    // Both filters would have to hold, and no task has two names: said plainly, not an empty page.
    throw new InvalidParameterError(name, `differs from the ${name === "taskname" ? "name:" : "worker:"} term of search`);
  }
  return param ?? fromSearch;
}

function compareBy(a: string | null, b: string | null, descending: boolean): number {
  const order = (a ?? "\uffff").localeCompare(b ?? "\uffff");
  return descending ? -order : order;
}

/** `GET /api/task/info/<id>`. */
export async function getFlowerTask(uuid: string): Promise<FlowerTask> {
  const [row] = await findFlowerTaskRows([uuid]);
  if (!row) throw notFound(`Unknown task '${uuid}'`);
  return toFlowerTask(toSource(row));
}

/** `GET /api/task/types`: every task name seen (a loose index scan, not a table scan). */
export async function listFlowerTaskTypes(): Promise<{ "task-types": string[] }> {
  return { "task-types": await listDistinctTaskValues("name", 10_000) };
}

const QUEUE_SAMPLE_FRESH_MS = 5 * 60_000;

/**
 * `GET /api/queues/length`, from the queue-depth sampler's latest samples (every few
 * seconds) rather than a broker round trip per request.
 */
export async function listFlowerQueueLengths(now: Date = new Date()): Promise<{ active_queues: { name: string; messages: number }[] }> {
  const depths = await listLatestQueueDepths(new Date(now.getTime() - QUEUE_SAMPLE_FRESH_MS));
  return { active_queues: depths.map((row) => ({ name: row.queue, messages: row.depth })).sort((a, b) => a.name.localeCompare(b.name)) };
}

export type FlowerWorkersRequest = { workername?: string; status?: boolean; live?: Record<string, LiveLists> };

/** `GET /api/workers`; `status=true` answers {hostname: alive}; an unknown `workername` is a 404. */
export async function listFlowerWorkers(request: FlowerWorkersRequest, now: Date = new Date()): Promise<Record<string, FlowerWorker | boolean>> {
  const rows = request.workername ? await findWorker(request.workername).then((row) => (row ? [row] : [])) : await listWorkers();
  if (request.workername && rows.length === 0) throw notFound(`Unknown worker '${request.workername}'`);
  if (request.status) {
    return Object.fromEntries(rows.map((row) => [row.hostname, presenceOf(row, now)]));
  }
  const detailed = request.workername ? rows : await Promise.all(rows.map((row) => findWorker(row.hostname)));
  const tasks = await listWorkerQueueTasks(rows.map((row) => row.hostname));
  const sources = tasks.map((task) => ({ ...task, args: task.argsJson ?? task.args, kwargs: task.kwargsJson ?? task.kwargs }));
  const out: Record<string, FlowerWorker> = {};
  for (const row of detailed) {
    if (!row) continue;
    const timestamp = row.inspectedAt ?? row.lastHeartbeat;
    out[row.hostname] = toFlowerWorker(
      { hostname: row.hostname, stats: row.stats, registered: "registered" in row ? row.registered : null, activeQueues: row.activeQueues, conf: "conf" in row ? row.conf : null, timestamp: timestamp ? timestamp.getTime() / 1000 : null },
      sources,
      request.live?.[row.hostname] ?? {},
    );
  }
  return out;
}

function presenceOf(row: { status: string; lastHeartbeat: Date | null; freq: number; offlineAt: Date | null }, now: Date): boolean {
  return workerPresence({ status: row.status, lastHeartbeat: row.lastHeartbeat?.getTime() ?? null, freq: row.freq, offlineAt: row.offlineAt?.getTime() ?? null }, now.getTime()).online;
}

export type WorkerStatsEntry = {
  status: "online" | "offline";
  /** the latest `inspect stats` reply as stored, null until one arrived */
  stats: unknown;
  /** epoch seconds of that reply */
  inspected: number | null;
  /** tasks processed since the worker started, from its heartbeats */
  processed: number;
  /** task events counted from this worker since Bloom began (event_totals) */
  received: number;
  succeeded: number;
  failed: number;
  retried: number;
};

/**
 * `GET /api/workers/stats` (not in Flower 2.1; the operators' guide documents it): per worker
 * the stored `inspect stats` reply with processed/failed counts, without waiting on workers.
 */
export async function listWorkerStats(_actor: Actor, now: Date = new Date()): Promise<Record<string, WorkerStatsEntry>> {
  const [rows, totals] = await Promise.all([listWorkers(), listEventTotals(new Date(0))]);
  const count = (hostname: string, type: string) => totals.filter((row) => row.worker === hostname && row.type === type).reduce((sum, row) => sum + row.count, 0);
  return Object.fromEntries(
    rows.map((row) => [
      row.hostname,
      {
        status: presenceOf(row, now) ? "online" : "offline",
        stats: row.stats,
        inspected: row.inspectedAt ? row.inspectedAt.getTime() / 1000 : null,
        processed: Number(row.processed),
        received: count(row.hostname, "task-received"),
        succeeded: count(row.hostname, "task-succeeded"),
        failed: count(row.hostname, "task-failed"),
        retried: count(row.hostname, "task-retried"),
      } satisfies WorkerStatsEntry,
    ]),
  );
}
