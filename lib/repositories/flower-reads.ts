import { getPrisma } from "@/lib/db/client";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { listTaskRows } from "./task-queries";
import { filterConditions, keysetSegments, segmentOrderBy, whereClause, type TaskFilter } from "./task-list-sql";

/*
 * Reads behind the Flower-compatible API (lib/services/flower-api.ts). The order of a page
 * comes from the same index walks as the tasks page (task-list-sql.ts); only ids travel until
 * the page is known, then its rows are read whole by primary key.
 */

export type FlowerOrder = { key: "received" | "started" | "name" | "state"; descending: boolean };

/**
 * The first `window` task ids in the order asked (offset + limit of the caller). Without a
 * text search every step walks an index and stops after `window` entries; a search goes
 * through the tasks page's bounded search.
 */
export async function listFlowerTaskIds(filter: TaskFilter, order: FlowerOrder, window: number, db: PrismaClient = getPrisma()): Promise<string[]> {
  if (window <= 0) return [];
  if (filter.text) {
    const sort = order.key === "started" ? "started" : "received";
    const rows = await listTaskRows({ filter, sort, dir: order.descending ? "desc" : "asc", limit: window }, db);
    return rows.map((row) => row.uuid);
  }
  const conditions = filterConditions(filter);
  if (order.key === "name" || order.key === "state") {
    // tasks_name_received_idx / tasks_state_received_idx hold exactly this order, both ways.
    const column = Prisma.raw(order.key);
    const by = order.descending ? Prisma.sql`${column} DESC, received_at ASC, uuid ASC` : Prisma.sql`${column} ASC, received_at DESC, uuid DESC`;
    const rows = await db.$queryRaw<{ uuid: string }[]>(Prisma.sql`SELECT uuid FROM tasks ${whereClause(conditions)} ORDER BY ${by} LIMIT ${window}::int`);
    return rows.map((row) => row.uuid);
  }
  const ids: string[] = [];
  for (const segment of keysetSegments(order.key, order.descending ? "desc" : "asc")) {
    const need = window - ids.length;
    if (need <= 0) break;
    const rows = await db.$queryRaw<{ uuid: string }[]>(
      Prisma.sql`SELECT uuid FROM tasks ${whereClause([...conditions, segment.where])} ORDER BY ${segmentOrderBy(segment)} LIMIT ${need}::int`,
    );
    ids.push(...rows.map((row) => row.uuid));
  }
  return ids;
}

export type FlowerTaskRow = {
  uuid: string;
  name: string | null;
  state: string;
  worker: string | null;
  client: string | null;
  args: string | null;
  kwargs: string | null;
  result: string | null;
  exception: string | null;
  traceback: string | null;
  retries: number;
  exchange: string | null;
  routingKey: string | null;
  parentId: string | null;
  rootId: string | null;
  runtime: number | null;
  clock: number;
  sent: number | null;
  received: number | null;
  started: number | null;
  succeeded: number | null;
  failed: number | null;
  retried: number | null;
  revoked: number | null;
  rejected: number | null;
  stateAt: number | null;
  eta: Date | null;
  expires: Date | null;
  children: string[];
};

/** Children listed per task at most (Celery's state lists them all; a huge group is cut here). */
export const MAX_CHILDREN = 1_000;

const epoch = (column: string, alias: string) => Prisma.raw(`extract(epoch from t.${column})::float8 AS "${alias}"`);

/** Whole rows of the given tasks with their children's ids (tasks_parent_idx), in no particular order. */
export async function findFlowerTaskRows(uuids: readonly string[], db: PrismaClient = getPrisma()): Promise<FlowerTaskRow[]> {
  if (uuids.length === 0) return [];
  return db.$queryRaw<FlowerTaskRow[]>(Prisma.sql`
    SELECT t.uuid, t.name, t.state, t.worker, t.client, t.args, t.kwargs, t.result, t.exception, t.traceback, t.retries,
      t.exchange, t.routing_key AS "routingKey", t.parent_id AS "parentId", t.root_id AS "rootId", t.runtime, t.clock::float8 AS clock,
      ${epoch("sent_at", "sent")}, ${epoch("received_at", "received")}, ${epoch("started_at", "started")},
      ${epoch("succeeded_at", "succeeded")}, ${epoch("failed_at", "failed")}, ${epoch("retried_at", "retried")},
      ${epoch("revoked_at", "revoked")}, ${epoch("rejected_at", "rejected")}, ${epoch("state_at", "stateAt")},
      t.eta, t.expires,
      ARRAY(SELECT c.uuid FROM tasks c WHERE c.parent_id = t.uuid ORDER BY c.first_seen_at, c.uuid LIMIT ${MAX_CHILDREN}::int) AS children
    FROM tasks t WHERE t.uuid = ANY (${[...uuids]}::text[])`);
}

export type WorkerQueueTaskRow = {
  uuid: string;
  name: string | null;
  state: string;
  worker: string;
  argsJson: Prisma.JsonValue | null;
  kwargsJson: Prisma.JsonValue | null;
  args: string | null;
  kwargs: string | null;
  started: number | null;
  eta: Date | null;
  exchange: string | null;
  routingKey: string | null;
};

/** Per worker at most this many running or waiting tasks are listed. */
export const MAX_WORKER_TASKS = 1_000;

/** Tasks running (STARTED) or waiting (RECEIVED) at the given workers, newest first (tasks_state_received_idx). */
export async function listWorkerQueueTasks(hostnames: readonly string[], db: PrismaClient = getPrisma()): Promise<WorkerQueueTaskRow[]> {
  if (hostnames.length === 0) return [];
  return db.$queryRaw<WorkerQueueTaskRow[]>(Prisma.sql`
    SELECT w.* FROM unnest(${[...hostnames]}::text[]) AS h(hostname)
    CROSS JOIN LATERAL (
      SELECT uuid, name, state, worker, args_json AS "argsJson", kwargs_json AS "kwargsJson", args, kwargs,
        extract(epoch from started_at)::float8 AS started, eta, exchange, routing_key AS "routingKey"
      FROM tasks WHERE state IN ('STARTED', 'RECEIVED') AND worker = h.hostname
      ORDER BY received_at DESC LIMIT ${MAX_WORKER_TASKS}::int
    ) w`);
}

/**
 * Task names the workers registered (their stored `inspect registered` replies, whose items
 * may carry attributes after a space: "proj.add [rate_limit=10/m]"); null when no worker has
 * replied yet, so a caller cannot tell a missing task from a missing inspection.
 */
export async function listRegisteredTaskNames(db: PrismaClient = getPrisma()): Promise<Set<string> | null> {
  const rows = await db.$queryRaw<{ name: string | null; inspected: boolean }[]>(Prisma.sql`
    SELECT split_part(item, ' ', 1) AS name, true AS inspected
    FROM workers, jsonb_array_elements_text(CASE WHEN jsonb_typeof(registered) = 'array' THEN registered ELSE '[]'::jsonb END) AS item
    UNION ALL SELECT NULL, bool_or(jsonb_typeof(registered) = 'array') FROM workers`);
  if (!rows.some((row) => row.name === null && row.inspected)) return null;
  return new Set(rows.flatMap((row) => (row.name === null ? [] : [row.name])));
}
