import { pythonIsoformat } from "./task-shape";

/**
 * Workers in the shape of Flower 2.1's `GET /api/workers` (its inspector's cache: one key per
 * inspect command, e2e/flower-fixtures/workers*.json). Bloom stores the stats, registered,
 * active_queues and conf replies (polled by the ingest worker, or now with `refresh`); the
 * running and waiting tasks come from the task rows, in `inspect active/reserved/scheduled`'s
 * item shape, unless a refresh asked the workers themselves.
 */

export type FlowerWorkerSource = {
  hostname: string;
  stats: unknown;
  registered: unknown;
  activeQueues: unknown;
  conf: unknown;
  /** epoch seconds of the last inspect reply, else of the last heartbeat */
  timestamp: number | null;
};

export type InspectTaskSource = {
  uuid: string;
  name: string | null;
  state: string;
  worker: string;
  args: unknown;
  kwargs: unknown;
  started: number | null;
  eta: Date | null;
  exchange: string | null;
  routingKey: string | null;
};

export type InspectItem = {
  id: string;
  name: string | null;
  args: unknown;
  kwargs: unknown;
  type: string | null;
  hostname: string;
  time_start: number | null;
  acknowledged: boolean;
  delivery_info: { exchange: string | null; routing_key: string | null; priority: number | null; redelivered: boolean | null };
  worker_pid: number | null;
};

export type ScheduledItem = { eta: string; priority: number | null; request: InspectItem };

/** Lists of a live inspect, when a refresh ran one; else null and the task rows are used. */
export type LiveLists = { active?: unknown; reserved?: unknown; scheduled?: unknown; revoked?: unknown };

export type FlowerWorker = {
  registered: unknown;
  timestamp: number | null;
  stats: unknown;
  active_queues: unknown;
  scheduled: unknown;
  active: unknown;
  reserved: unknown;
  revoked: unknown;
  conf: unknown;
};

export function toInspectItem(task: InspectTaskSource): InspectItem {
  return {
    id: task.uuid,
    name: task.name,
    args: task.args,
    kwargs: task.kwargs,
    type: task.name,
    hostname: task.worker,
    time_start: task.state === "STARTED" ? task.started : null,
    acknowledged: task.state === "STARTED",
    delivery_info: { exchange: task.exchange, routing_key: task.routingKey, priority: null, redelivered: null },
    // celery: the pool process running it is not in any event.
    worker_pid: null,
  };
}

export function toFlowerWorker(worker: FlowerWorkerSource, tasks: readonly InspectTaskSource[], live: LiveLists = {}): FlowerWorker {
  const mine = tasks.filter((task) => task.worker === worker.hostname);
  const waiting = mine.filter((task) => task.state === "RECEIVED");
  return {
    registered: worker.registered ?? [],
    timestamp: worker.timestamp,
    stats: worker.stats ?? {},
    active_queues: worker.activeQueues ?? [],
    scheduled:
      live.scheduled ??
      waiting.filter((task) => task.eta !== null).map((task): ScheduledItem => ({ eta: pythonIsoformat(task.eta!), priority: null, request: toInspectItem(task) })),
    active: live.active ?? mine.filter((task) => task.state === "STARTED").map(toInspectItem),
    reserved: live.reserved ?? waiting.filter((task) => task.eta === null).map(toInspectItem),
    // celery: the revoked-id set lives in each worker's memory; only a live inspect knows it.
    revoked: live.revoked ?? [],
    conf: worker.conf ?? {},
  };
}

