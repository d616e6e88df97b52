import type { RollupBucketRow } from "@/lib/rollups/rollup-aggregation";
import { defaultDb, type Db } from "./db";

export type RollupRange = { /** epoch ms */ from: number; /** epoch ms, exclusive */ to: number; bucketSeconds: number };

/**
 * Rollups summed per chart bucket and state, histograms added element by element. Buckets
 * are aligned to the epoch (date_bin origin 0), as lib/dashboard/time-window.ts expects.
 * Only rows that carry runtimes are unnested, so counting-only states cost no array work.
 */
export async function listRollupBuckets(range: RollupRange, db: Db = defaultDb()): Promise<RollupBucketRow[]> {
  const rows = await db.$queryRawUnsafe<{ bucketStart: number; state: string; count: number; runtimeSum: number; histogram: number[] | null }[]>(
    `WITH picked AS (
       SELECT date_bin(make_interval(secs => $3::float8), minute, 'epoch'::timestamptz) AS bucket, state, count, runtime_sum, runtime_max, histogram
       FROM task_rollups
       WHERE minute >= to_timestamp($1::float8) AND minute < to_timestamp($2::float8)
     ),
     totals AS (
       SELECT bucket, state, sum(count)::float8 AS count, sum(runtime_sum)::float8 AS runtime_sum FROM picked GROUP BY bucket, state
     ),
     histograms AS (
       SELECT bucket, state, array_agg(n ORDER BY i) AS histogram
       FROM (
         SELECT p.bucket, p.state, h.i, sum(h.n)::float8 AS n
         FROM picked p CROSS JOIN LATERAL unnest(p.histogram) WITH ORDINALITY AS h(n, i)
         WHERE p.runtime_max IS NOT NULL
         GROUP BY p.bucket, p.state, h.i
       ) per_index
       GROUP BY bucket, state
     )
     SELECT (extract(epoch from t.bucket) * 1000)::float8 AS "bucketStart", t.state, t.count, t.runtime_sum AS "runtimeSum", h.histogram
     FROM totals t LEFT JOIN histograms h USING (bucket, state)
     ORDER BY t.bucket, t.state`,
    range.from / 1000,
    range.to / 1000,
    range.bucketSeconds,
  );
  return rows.map((row) => ({ ...row, histogram: row.histogram ?? [] }));
}
