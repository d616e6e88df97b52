import { addHistograms, emptyHistogram, histogramQuantile } from "./runtime-histogram";

/**
 * Turns per-minute rollup rows (already summed per bucket by the database) into what the
 * dashboard shows. "Finished" means SUCCESS or FAILURE: the success rate is the share of
 * finished tasks that succeeded, and throughput counts finished tasks, as Flower's does.
 * Only task-succeeded carries a runtime, so runtimes describe successful tasks.
 */
export type RollupRow = {
  state: string;
  count: number;
  runtimeSum: number;
  /** counts per runtime bucket (lib/rollups/runtime-histogram.ts) */
  histogram: readonly number[];
};

export type RollupBucketRow = RollupRow & { /** epoch ms */ bucketStart: number };
export type RollupNameRow = RollupRow & { name: string };

export type RollupSummary = {
  succeeded: number;
  failed: number;
  retried: number;
  finished: number;
  /** percent 0..100; null when nothing finished */
  successRate: number | null;
  /** seconds; null when no runtime was reported */
  avgRuntime: number | null;
  p50Runtime: number | null;
  p95Runtime: number | null;
};

export type SeriesPoint = {
  /** epoch ms, start of the bucket */
  t: number;
  succeeded: number;
  failed: number;
  /** finished tasks per minute in this bucket */
  throughput: number;
  p50: number | null;
  p95: number | null;
};

export type TaskNameSummary = RollupSummary & { name: string };

export function summarizeRollups(rows: readonly RollupRow[]): RollupSummary {
  let succeeded = 0;
  let failed = 0;
  let retried = 0;
  let runtimeSum = 0;
  let histogram = emptyHistogram();
  for (const row of rows) {
    if (row.state === "SUCCESS") succeeded += row.count;
    else if (row.state === "FAILURE") failed += row.count;
    else if (row.state === "RETRY") retried += row.count;
    runtimeSum += row.runtimeSum;
    histogram = addHistograms(histogram, row.histogram);
  }
  const finished = succeeded + failed;
  const timed = histogram.reduce((sum, n) => sum + n, 0);
  return {
    succeeded,
    failed,
    retried,
    finished,
    successRate: finished === 0 ? null : (succeeded / finished) * 100,
    avgRuntime: timed === 0 ? null : runtimeSum / timed,
    p50Runtime: histogramQuantile(histogram, 0.5),
    p95Runtime: histogramQuantile(histogram, 0.95),
  };
}

/** One point per bucket start, zeros where the database had no rows (a quiet minute is data too). */
export function buildSeries(rows: readonly RollupBucketRow[], bucketStarts: readonly number[], bucketSeconds: number): SeriesPoint[] {
  const byBucket = new Map<number, RollupBucketRow[]>();
  for (const row of rows) {
    const list = byBucket.get(row.bucketStart);
    if (list) list.push(row);
    else byBucket.set(row.bucketStart, [row]);
  }
  const minutes = bucketSeconds / 60;
  return bucketStarts.map((t) => {
    const summary = summarizeRollups(byBucket.get(t) ?? []);
    return { t, succeeded: summary.succeeded, failed: summary.failed, throughput: summary.finished / minutes, p50: summary.p50Runtime, p95: summary.p95Runtime };
  });
}

/** Per task name, busiest first (by finished, then by any activity, then by name). */
export function summarizeByName(rows: readonly RollupNameRow[]): TaskNameSummary[] {
  const byName = new Map<string, RollupNameRow[]>();
  const activity = new Map<string, number>();
  for (const row of rows) {
    const list = byName.get(row.name);
    if (list) list.push(row);
    else byName.set(row.name, [row]);
    activity.set(row.name, (activity.get(row.name) ?? 0) + row.count);
  }
  return [...byName.entries()]
    .map(([name, list]) => ({ name, ...summarizeRollups(list) }))
    .sort((a, b) => b.finished - a.finished || (activity.get(b.name) ?? 0) - (activity.get(a.name) ?? 0) || a.name.localeCompare(b.name));
}

/** Finished tasks per minute over `elapsedMs`; null for an empty interval. */
export function perMinute(finished: number, elapsedMs: number): number | null {
  return elapsedMs <= 0 ? null : finished / (elapsedMs / 60_000);
}
