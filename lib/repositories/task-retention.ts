import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

/** Failures are kept by their own rules (longer), so every purge names which side it takes. */
export type TaskPurgeKind = "failures" | "others";

export type TaskPurgeBatch = {
  kind: TaskPurgeKind;
  /** only tasks first seen before this time (epoch seconds); null = any age */
  firstSeenBefore: number | null;
  /**
   * Keyset cursor: only tasks first seen at or after this time (timestamptz text from the
   * previous batch's `cursor`; null for the first batch). Batches go oldest first, so a run
   * walks the kept rows at the old end (the failures, for "others") once, not once per batch.
   */
  from: string | null;
  limit: number;
};

/** `cursor`: first_seen_at of the newest task deleted, exactly as Postgres stores it. */
export type TaskPurgeResult = { tasks: number; events: number; cursor: string | null };

// The state test is a literal, not a parameter: the planner can then prove that
// tasks_failed_first_seen_idx (a partial index WHERE state = 'FAILURE') covers the query.
const STATE_FILTER: Record<TaskPurgeKind, string> = { failures: "state = 'FAILURE'", others: "state <> 'FAILURE'" };

/**
 * One statement per batch, so each commits on its own and holds its row locks for
 * milliseconds: the oldest matching tasks and their timeline rows (task_events has no
 * foreign key; its dedupe key starts with task_id) go together or not at all.
 * SKIP LOCKED leaves a task the ingest is writing right now for the next run instead of
 * waiting for (or deadlocking with) the ingest transaction.
 */
const purgeSql = (kind: TaskPurgeKind) => `
  WITH victims AS (
    SELECT uuid FROM tasks
    WHERE ${STATE_FILTER[kind]}
      AND first_seen_at < coalesce(to_timestamp($1::float8), 'infinity')
      AND first_seen_at >= coalesce($2::timestamptz, '-infinity')
    ORDER BY first_seen_at
    LIMIT $3
    FOR UPDATE SKIP LOCKED
  ), gone AS (
    DELETE FROM tasks t USING victims v WHERE t.uuid = v.uuid RETURNING t.uuid, t.first_seen_at
  ), gone_events AS (
    DELETE FROM task_events e WHERE e.task_id IN (SELECT uuid FROM gone) RETURNING 1
  )
  SELECT (SELECT count(*) FROM gone)::int AS tasks, (SELECT count(*) FROM gone_events)::int AS events,
    (SELECT max(first_seen_at) FROM gone)::text AS cursor`;

const PURGE_SQL: Record<TaskPurgeKind, string> = { failures: purgeSql("failures"), others: purgeSql("others") };

/** Deletes up to `limit` of the oldest matching tasks with their events. */
export async function purgeTaskBatch(db: Db, batch: TaskPurgeBatch): Promise<TaskPurgeResult> {
  const rows = await db.$queryRawUnsafe<TaskPurgeResult[]>(PURGE_SQL[batch.kind], batch.firstSeenBefore, batch.from, batch.limit);
  return rows[0] ?? { tasks: 0, events: 0, cursor: null };
}

export type TaskCounts = { total: number; failures: number };

/** Exact counts for the maxTasks cap (failures come from the small partial index). */
export async function countTasks(db: Db): Promise<TaskCounts> {
  const rows = await db.$queryRawUnsafe<TaskCounts[]>(
    `SELECT (SELECT count(*) FROM tasks)::float8 AS total, (SELECT count(*) FROM tasks WHERE state = 'FAILURE')::float8 AS failures`,
  );
  return rows[0] ?? { total: 0, failures: 0 };
}
