import type { Prisma } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

/**
 * The reads and writes of the remote-control services: which workers and tasks exist, which
 * tasks a name pattern covers, what a retry re-sends, and the row of a task Bloom sent.
 */

/** The subset of `hostnames` Bloom has a worker row for. */
export async function findKnownWorkerNames(hostnames: readonly string[], db: Db = defaultDb()): Promise<Set<string>> {
  if (hostnames.length === 0) return new Set();
  const rows = await db.worker.findMany({ where: { hostname: { in: [...hostnames] } }, select: { hostname: true } });
  return new Set(rows.map((row) => row.hostname));
}

/** The subset of `ids` Bloom has a task row for. */
export async function findKnownTaskIds(ids: readonly string[], db: Db = defaultDb()): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.task.findMany({ where: { uuid: { in: [...ids] } }, select: { uuid: true } });
  return new Set(rows.map((row) => row.uuid));
}

/** Tasks that are queued or running: what "revoke by name" can still stop. */
export const UNFINISHED_STATES = ["PENDING", "RECEIVED", "STARTED", "RETRY"] as const;

export type MatchedTask = { uuid: string; name: string; state: string };

/**
 * Unfinished tasks whose name matches a SQL LIKE pattern (the caller escapes it), newest
 * first. Walks tasks_state_received_idx once per unfinished state, which stays small however
 * many finished tasks the table holds.
 */
export async function findUnfinishedTasksByName(likePattern: string, limit: number, db: Db = defaultDb()): Promise<MatchedTask[]> {
  return db.$queryRawUnsafe<MatchedTask[]>(
    `SELECT uuid, name, state FROM tasks
     WHERE state = ANY($1::text[]) AND name LIKE $2 ESCAPE '\\'
     ORDER BY received_at DESC NULLS LAST, uuid
     LIMIT $3`,
    [...UNFINISHED_STATES],
    likePattern,
    limit,
  );
}

export type RetrySource = {
  uuid: string;
  name: string | null;
  state: string;
  args: string | null;
  kwargs: string | null;
  argsJson: Prisma.JsonValue | null;
  kwargsJson: Prisma.JsonValue | null;
  queue: string | null;
  routingKey: string | null;
};

export async function findRetrySource(id: string, db: Db = defaultDb()): Promise<RetrySource | null> {
  return db.task.findUnique({
    where: { uuid: id },
    select: { uuid: true, name: true, state: true, args: true, kwargs: true, argsJson: true, kwargsJson: true, queue: true, routingKey: true },
  });
}

/** Tasks re-sent from this one ("retry"), oldest first: the other direction of retried_from. */
export async function findRetriesOf(id: string, db: Db = defaultDb()): Promise<{ uuid: string; state: string }[]> {
  return db.task.findMany({ where: { retriedFrom: id }, select: { uuid: true, state: true }, orderBy: { firstSeenAt: "asc" }, take: 100 });
}

export type SentTaskRow = {
  uuid: string;
  name: string;
  /** Python reprs, as events would carry them */
  args: string;
  kwargs: string;
  argsJson: Prisma.InputJsonValue;
  kwargsJson: Prisma.InputJsonValue;
  queue: string;
  /** the origin header: who sent it */
  client: string;
  sentAt: Date;
  eta: Date | null;
  expires: Date | null;
  retriedFrom: string | null;
};

/**
 * Records a task Bloom just sent, as PENDING, so it shows at once and a retry links to its
 * source before any event arrives. The ingest may have written the row first (the worker's
 * task-received can beat this insert); then only retried_from is added, because the
 * ingest's merged state is newer than anything known here.
 */
export async function recordSentTask(row: SentTaskRow, db: Db = defaultDb()): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO tasks (uuid, name, state, args, kwargs, args_json, kwargs_json, queue, routing_key, client, root_id, sent_at, eta, expires, retried_from, updated_at)
     VALUES ($1, $2, 'PENDING', $3, $4, $5::jsonb, $6::jsonb, $7, $7, $8, $1, $9, $10, $11, $12, now())
     ON CONFLICT (uuid) DO UPDATE SET retried_from = COALESCE(EXCLUDED.retried_from, tasks.retried_from), updated_at = now()`,
    row.uuid,
    row.name,
    row.args,
    row.kwargs,
    JSON.stringify(row.argsJson),
    JSON.stringify(row.kwargsJson),
    row.queue,
    row.client,
    row.sentAt,
    row.eta,
    row.expires,
    row.retriedFrom,
  );
}

export type WorkerSnapshot = {
  hostname: string;
  /** JSON texts of the inspect replies; null = not answered (the stored one stays) */
  stats: string | null;
  registered: string | null;
  activeQueues: string | null;
  conf: string | null;
};

/**
 * Stores an on-demand refresh in one statement (the ingest's poller writes per worker and
 * kind; a refresh is waited on by a person, so it is one round trip). Only known workers are
 * updated; a reply that did not come keeps the stored one.
 */
export async function saveWorkerSnapshots(snapshots: readonly WorkerSnapshot[], at: Date, db: Db = defaultDb()): Promise<number> {
  if (snapshots.length === 0) return 0;
  const column = <K extends keyof WorkerSnapshot>(key: K) => snapshots.map((snapshot) => snapshot[key]);
  return db.$executeRawUnsafe(
    `UPDATE workers AS w SET
       stats = COALESCE(u.stats::jsonb, w.stats),
       registered = COALESCE(u.registered::jsonb, w.registered),
       active_queues = COALESCE(u.active_queues::jsonb, w.active_queues),
       conf = COALESCE(u.conf::jsonb, w.conf),
       inspected_at = $6
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(hostname, stats, registered, active_queues, conf)
     WHERE w.hostname = u.hostname`,
    column("hostname"),
    column("stats"),
    column("registered"),
    column("activeQueues"),
    column("conf"),
    at,
  );
}
