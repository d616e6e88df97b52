import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ResultMeta } from "@/lib/celery/result-meta";

type Db = PrismaClient | Prisma.TransactionClient;

/** States in which Bloom still waits for an event that says how the task ended. */
export const UNFINISHED_STATES = ["PENDING", "RECEIVED", "STARTED", "RETRY"] as const;

/** Keyset page of tasks Bloom believes are still running. */
export async function listUnfinishedTaskIds(db: Db, afterUuid: string, limit: number): Promise<string[]> {
  const rows = await db.task.findMany({
    where: { state: { in: [...UNFINISHED_STATES] }, uuid: { gt: afterUuid } },
    select: { uuid: true },
    orderBy: { uuid: "asc" },
    take: limit,
  });
  return rows.map((row) => row.uuid);
}

export async function findExistingTaskIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.task.findMany({ where: { uuid: { in: ids } }, select: { uuid: true } });
  return new Set(rows.map((row) => row.uuid));
}

const STATE_TIME_COLUMN: Record<string, string> = { SUCCESS: "succeeded_at", FAILURE: "failed_at", REVOKED: "revoked_at" };

/**
 * Writes the final state the result backend knows for tasks whose closing events Bloom
 * missed (it was down, or Redis pub/sub dropped them). Existing data wins where present:
 * results and tracebacks from events are Python reprs and more faithful than the backend's
 * JSON. Each change is logged in the timeline as a `bloom-reconciled` event.
 */
export async function applyBackendResults(db: Db, metas: ResultMeta[]): Promise<number> {
  let updated = 0;
  for (const [state, column] of Object.entries(STATE_TIME_COLUMN)) {
    const group = metas.filter((meta) => meta.status === state);
    if (group.length === 0) continue;
    updated += await db.$executeRawUnsafe(
      `UPDATE tasks AS t SET state = $1, result = coalesce(t.result, u.result), traceback = coalesce(t.traceback, u.traceback),
         ${column} = coalesce(t.${column}, to_timestamp(u.done)), state_at = coalesce(to_timestamp(u.done), now()), updated_at = now()
       FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[]) AS u(id, result, traceback, done)
       WHERE t.uuid = u.id AND t.state IN ('PENDING', 'RECEIVED', 'STARTED', 'RETRY')`,
      state,
      group.map((meta) => meta.taskId),
      group.map((meta) => meta.result),
      group.map((meta) => meta.traceback),
      group.map((meta) => meta.dateDone),
    );
  }
  await logReconciled(db, metas.filter((meta) => meta.status in STATE_TIME_COLUMN));
  return updated;
}

/** Adds tasks Bloom never saw an event of (published while it had no subscription). */
export async function insertTasksFromBackend(db: Db, metas: ResultMeta[]): Promise<number> {
  if (metas.length === 0) return 0;
  const inserted = await db.$executeRawUnsafe(
    `INSERT INTO tasks (uuid, name, state, worker, args, kwargs, args_json, kwargs_json, result, traceback, retries, queue, succeeded_at, failed_at, revoked_at, state_at, first_seen_at, updated_at)
     SELECT u.id, u.name, u.state, u.worker, u.args, u.kwargs, u.args::jsonb, u.kwargs::jsonb, u.result, u.traceback, coalesce(u.retries, 0), u.queue,
       CASE WHEN u.state = 'SUCCESS' THEN to_timestamp(u.done) END, CASE WHEN u.state = 'FAILURE' THEN to_timestamp(u.done) END,
       CASE WHEN u.state = 'REVOKED' THEN to_timestamp(u.done) END, to_timestamp(u.done), coalesce(to_timestamp(u.done), now()), now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int4[], $10::text[], $11::float8[])
       AS u(id, name, state, worker, args, kwargs, result, traceback, retries, queue, done)
     ON CONFLICT (uuid) DO NOTHING`,
    metas.map((meta) => meta.taskId),
    metas.map((meta) => meta.name),
    metas.map((meta) => meta.status),
    metas.map((meta) => meta.worker),
    metas.map((meta) => meta.args),
    metas.map((meta) => meta.kwargs),
    metas.map((meta) => meta.result),
    metas.map((meta) => meta.traceback),
    metas.map((meta) => meta.retries),
    metas.map((meta) => meta.queue),
    metas.map((meta) => meta.dateDone),
  );
  await logReconciled(db, metas);
  return inserted;
}

async function logReconciled(db: Db, metas: ResultMeta[]): Promise<void> {
  if (metas.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO task_events (task_id, type, hostname, timestamp, clock, fields)
     SELECT u.id, 'bloom-reconciled', coalesce(u.worker, 'result-backend'), coalesce(to_timestamp(u.done), now()), 0, u.fields::json
     FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[]) AS u(id, worker, done, fields)
     ON CONFLICT (task_id, timestamp, type, clock) DO NOTHING`,
    metas.map((meta) => meta.taskId),
    metas.map((meta) => meta.worker),
    metas.map((meta) => meta.dateDone),
    metas.map((meta) => JSON.stringify({ source: "result-backend", status: meta.status })),
  );
}
