import { HISTOGRAM_SIZE } from "@/lib/rollups/runtime-histogram";
import { defaultDb, type Db } from "./db";

/** What one ingest batch adds to a row of event_totals (histogram: counts per runtime bucket). */
export type EventTotalIncrement = {
  worker: string;
  task: string;
  type: string;
  count: number;
  runtimeCount: number;
  runtimeSum: number;
  histogram: number[];
};

/**
 * Adds a batch's increments in one statement (unnest arrays). Rows are few (workers × task
 * names × event types), so this costs the batch about what the rollup upsert does.
 */
export async function addEventTotals(db: Db, increments: readonly EventTotalIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO event_totals AS t (worker, task, type, count, runtime_count, runtime_sum, histogram, updated_at)
     SELECT u.worker, u.task, u.type, u.count, u.runtime_count, u.runtime_sum, u.histogram::int8[], now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::float8[], $7::text[])
       AS u(worker, task, type, count, runtime_count, runtime_sum, histogram)
     ON CONFLICT (worker, task, type) DO UPDATE SET
       count = t.count + EXCLUDED.count,
       runtime_count = t.runtime_count + EXCLUDED.runtime_count,
       runtime_sum = t.runtime_sum + EXCLUDED.runtime_sum,
       histogram = CASE WHEN EXCLUDED.runtime_count = 0 THEN t.histogram
         ELSE ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0) FROM unnest(t.histogram, EXCLUDED.histogram) AS h(a, b)) END,
       updated_at = now()`,
    increments.map((row) => row.worker),
    increments.map((row) => row.task),
    increments.map((row) => row.type),
    increments.map((row) => row.count),
    increments.map((row) => row.runtimeCount),
    increments.map((row) => row.runtimeSum),
    increments.map((row) => `{${row.histogram.join(",")}}`),
  );
}

/**
 * /metrics leaves out counter series not updated for this long (Flower's purge_offline_workers
 * for an autoscaled fleet's ever-new hostnames); retention deletes them later still.
 */
export const SERIES_IDLE_SECONDS = 7 * 86_400;

export type EventTotalRow = {
  worker: string;
  task: string;
  type: string;
  count: number;
  runtimeCount: number;
  runtimeSum: number;
  /** per-bucket counts, HISTOGRAM_SIZE long (the last is above the largest bound) */
  histogram: number[];
};

/**
 * Every counter row touched within `activeSince`: series of workers gone for longer drop out
 * of /metrics (Flower's purge_offline_workers), which keeps an autoscaled fleet's ever-new
 * hostnames from piling up. Ordered, so every scrape lists series in the same order.
 */
export async function listEventTotals(activeSince: Date, db: Db = defaultDb()): Promise<EventTotalRow[]> {
  const rows = await db.$queryRawUnsafe<{ worker: string; task: string; type: string; count: number; runtimeCount: number; runtimeSum: number; histogram: number[] | null }[]>(
    `SELECT worker, task, type, count::float8 AS count, runtime_count::float8 AS "runtimeCount", runtime_sum AS "runtimeSum",
       histogram::float8[] AS histogram
     FROM event_totals WHERE updated_at >= $1::timestamptz
     ORDER BY worker, task, type`,
    activeSince,
  );
  return rows.map((row) => ({ ...row, histogram: Array.from({ length: HISTOGRAM_SIZE }, (_, i) => row.histogram?.[i] ?? 0) }));
}

/**
 * Deletes at most `limit` counter rows not updated since `olderThan` (epoch seconds), oldest
 * first. A row an ingest batch is adding to right now is skipped (SKIP LOCKED): it is not idle.
 */
export async function purgeIdleEventTotals(db: Db, olderThan: number, limit: number): Promise<number> {
  return db.$executeRawUnsafe(
    `WITH victims AS (
       SELECT worker, task, type FROM event_totals
       WHERE updated_at < to_timestamp($1::float8)
       ORDER BY updated_at LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     DELETE FROM event_totals e USING victims v WHERE e.worker = v.worker AND e.task = v.task AND e.type = v.type`,
    olderThan,
    limit,
  );
}
