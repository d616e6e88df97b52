import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

/*
 * Batched deletes of old rows, one statement per batch (each commits by itself, so locks
 * last milliseconds). `olderThan` is epoch seconds. The victims are picked in index order
 * (`ORDER BY <time column> LIMIT n`) and deleted by primary key: without the ORDER BY the
 * planner may pick a sequential scan hoping to meet old rows early, and `id IN (subquery)`
 * may hash-join against the whole table.
 */

/** Workers offline since before `olderThan` (offline_at, or the last write when unknown). */
export async function purgeOfflineWorkers(db: Db, olderThan: number, limit: number): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ hostname: string }[]>(
    `WITH victims AS (
       SELECT hostname FROM workers
       WHERE status = 'offline' AND coalesce(offline_at, updated_at) < to_timestamp($1::float8)
       LIMIT $2
       -- a heartbeat being written right now brings the worker back: leave it alone
       FOR UPDATE SKIP LOCKED
     )
     DELETE FROM workers w USING victims v WHERE w.hostname = v.hostname RETURNING w.hostname`,
    olderThan,
    limit,
  );
  return rows.map((row) => row.hostname);
}

/** Per-minute rollups before `olderThan` (the primary key starts with minute). */
export async function purgeTaskRollups(db: Db, olderThan: number, limit: number): Promise<number> {
  return db.$executeRawUnsafe(
    `WITH victims AS (
       SELECT minute, name, state FROM task_rollups WHERE minute < to_timestamp($1::float8) ORDER BY minute LIMIT $2
     )
     DELETE FROM task_rollups r USING victims v WHERE r.minute = v.minute AND r.name = v.name AND r.state = v.state`,
    olderThan,
    limit,
  );
}

export async function purgeQueueSamples(db: Db, olderThan: number, limit: number): Promise<number> {
  return db.$executeRawUnsafe(
    `DELETE FROM queue_samples WHERE id = ANY(ARRAY(
       SELECT id FROM queue_samples WHERE sampled_at < to_timestamp($1::float8) ORDER BY sampled_at LIMIT $2))`,
    olderThan,
    limit,
  );
}

export async function purgeDeadLetters(db: Db, olderThan: number, limit: number): Promise<number> {
  return db.$executeRawUnsafe(
    `DELETE FROM dead_letters WHERE id = ANY(ARRAY(
       SELECT id FROM dead_letters WHERE received_at < to_timestamp($1::float8) ORDER BY received_at LIMIT $2))`,
    olderThan,
    limit,
  );
}

/** Audit rows before `olderThan` (audit_log_time_idx, read backwards). */
export async function purgeAuditLog(db: Db, olderThan: number, limit: number): Promise<number> {
  return db.$executeRawUnsafe(
    `DELETE FROM audit_log WHERE id = ANY(ARRAY(
       SELECT id FROM audit_log WHERE at < to_timestamp($1::float8) ORDER BY at LIMIT $2))`,
    olderThan,
    limit,
  );
}

export async function purgeAlertHistory(db: Db, olderThan: number, limit: number): Promise<number> {
  return db.$executeRawUnsafe(
    `DELETE FROM alert_history WHERE id = ANY(ARRAY(
       SELECT id FROM alert_history WHERE at < to_timestamp($1::float8) ORDER BY at LIMIT $2))`,
    olderThan,
    limit,
  );
}

/**
 * Sent and failed notifications created before `olderThan`. Pending ones stay whatever their
 * age: alert_deliveries is also the outbox, and a row the sender will still try is not history.
 */
export async function purgeAlertDeliveries(db: Db, olderThan: number, limit: number): Promise<number> {
  return db.$executeRawUnsafe(
    `DELETE FROM alert_deliveries WHERE id = ANY(ARRAY(
       SELECT id FROM alert_deliveries WHERE created_at < to_timestamp($1::float8) AND status <> 'pending' ORDER BY created_at LIMIT $2))`,
    olderThan,
    limit,
  );
}
