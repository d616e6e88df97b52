import { bucketStarts, timeRange, type TimeRange, type TimeWindowKey } from "@/lib/dashboard/time-window";
import { listRollupBuckets } from "@/lib/repositories/rollup-buckets";
import { listRollupTotalsByName } from "@/lib/repositories/rollup-totals-by-name";
import { buildSeries, perMinute, summarizeByName, summarizeRollups, type RollupSummary, type SeriesPoint } from "@/lib/rollups/rollup-aggregation";

export type TaskNameStats = RollupSummary & { name: string; states: Record<string, number> };

/** `GET /api/v1/stats`: the dashboard's rollups for a window, every task name, no display tones. */
export type TaskStats = {
  range: TimeRange;
  summary: RollupSummary & { throughput: number | null };
  /** tasks per final state (and RETRY) in the window */
  states: Record<string, number>;
  series: SeriesPoint[];
  byName: TaskNameStats[];
};

export async function getTaskStats(window: TimeWindowKey, now = Date.now()): Promise<TaskStats> {
  const range = timeRange(window, now);
  const [buckets, names] = await Promise.all([listRollupBuckets(range), listRollupTotalsByName(range)]);
  const summary = summarizeRollups(buckets);
  const states: Record<string, number> = {};
  const statesByName = new Map<string, Record<string, number>>();
  for (const row of names) {
    states[row.state] = (states[row.state] ?? 0) + row.count;
    const perName = statesByName.get(row.name) ?? {};
    perName[row.state] = (perName[row.state] ?? 0) + row.count;
    statesByName.set(row.name, perName);
  }
  return {
    range,
    summary: { ...summary, throughput: perMinute(summary.finished, Math.min(now, range.to) - range.from) },
    states,
    series: buildSeries(buckets, bucketStarts(range), range.bucketSeconds),
    byName: summarizeByName(names).map((row) => ({ ...row, states: statesByName.get(row.name) ?? {} })),
  };
}
