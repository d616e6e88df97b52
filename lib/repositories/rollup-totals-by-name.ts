import type { RollupNameRow } from "@/lib/rollups/rollup-aggregation";
import { defaultDb, type Db } from "./db";

/**
 * Rollups summed per task name and state over a time range (task_rollups_name_idx is not
 * needed: the range filter on the primary key's leading `minute` column does the work).
 */
export async function listRollupTotalsByName(range: { from: number; to: number }, db: Db = defaultDb()): Promise<RollupNameRow[]> {
  const rows = await db.$queryRawUnsafe<{ name: string; state: string; count: number; runtimeSum: number; histogram: number[] | null }[]>(
    `WITH picked AS (
       SELECT name, state, count, runtime_sum, runtime_max, histogram
       FROM task_rollups
       WHERE minute >= to_timestamp($1::float8) AND minute < to_timestamp($2::float8)
     ),
     totals AS (
       SELECT name, state, sum(count)::float8 AS count, sum(runtime_sum)::float8 AS runtime_sum FROM picked GROUP BY name, state
     ),
     histograms AS (
       SELECT name, state, array_agg(n ORDER BY i) AS histogram
       FROM (
         SELECT p.name, p.state, h.i, sum(h.n)::float8 AS n
         FROM picked p CROSS JOIN LATERAL unnest(p.histogram) WITH ORDINALITY AS h(n, i)
         WHERE p.runtime_max IS NOT NULL
         GROUP BY p.name, p.state, h.i
       ) per_index
       GROUP BY name, state
     )
     SELECT t.name, t.state, t.count, t.runtime_sum AS "runtimeSum", h.histogram
     FROM totals t LEFT JOIN histograms h USING (name, state)
     ORDER BY t.name, t.state`,
    range.from / 1000,
    range.to / 1000,
  );
  return rows.map((row) => ({ ...row, histogram: row.histogram ?? [] }));
}
