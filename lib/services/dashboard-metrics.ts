import { loadHealthThresholds, type HealthThresholds } from "@/lib/config/health-thresholds";
import { bucketStarts, timeRange, type TimeRange, type TimeWindowKey } from "@/lib/dashboard/time-window";
import { successRateTone, taskTimeTone } from "@/lib/health/metric-tones";
import type { HealthTone } from "@/lib/health/tone";
import { listRollupBuckets } from "@/lib/repositories/rollup-buckets";
import { listRollupTotalsByName } from "@/lib/repositories/rollup-totals-by-name";
import { buildSeries, perMinute, summarizeByName, summarizeRollups, type RollupSummary, type SeriesPoint, type TaskNameSummary } from "@/lib/rollups/rollup-aggregation";

/** Task names the per-name panel lists; the rest are summed into one "other" count. */
export const TOP_TASK_NAMES = 12;

export type DashboardMetrics = {
  range: TimeRange;
  summary: RollupSummary & {
    /** finished tasks per minute over the part of the window that has elapsed */
    throughput: number | null;
    successRateTone: HealthTone | null;
    avgRuntimeTone: HealthTone | null;
  };
  series: SeriesPoint[];
  byName: (TaskNameSummary & { successRateTone: HealthTone | null; avgRuntimeTone: HealthTone | null })[];
  /** task names beyond TOP_TASK_NAMES */
  otherNames: number;
};

/** Everything the dashboard derives from task_rollups for one window. */
export async function getDashboardMetrics(window: TimeWindowKey, now = Date.now(), thresholds: HealthThresholds = loadHealthThresholds()): Promise<DashboardMetrics> {
  const range = timeRange(window, now);
  const [buckets, names] = await Promise.all([listRollupBuckets(range), listRollupTotalsByName(range)]);
  const summary = summarizeRollups(buckets);
  const byName = summarizeByName(names);
  return {
    range,
    summary: {
      ...summary,
      throughput: perMinute(summary.finished, Math.min(now, range.to) - range.from),
      successRateTone: successRateTone(summary.successRate, thresholds),
      avgRuntimeTone: taskTimeTone(summary.avgRuntime, thresholds),
    },
    series: buildSeries(buckets, bucketStarts(range), range.bucketSeconds),
    byName: byName.slice(0, TOP_TASK_NAMES).map((row) => ({
      ...row,
      successRateTone: successRateTone(row.successRate, thresholds),
      avgRuntimeTone: taskTimeTone(row.avgRuntime, thresholds),
    })),
    otherNames: Math.max(0, byName.length - TOP_TASK_NAMES),
  };
}
