import { z } from "zod";

/**
 * The chart windows a page offers (`?window=1h`). Each has a bucket size chosen so a chart
 * has 60–100 points: enough shape, few enough rows that the rollup query stays cheap.
 */
export const TIME_WINDOWS = {
  "15m": { label: "15 min", ms: 15 * 60_000, bucketSeconds: 60 },
  "1h": { label: "1 hour", ms: 60 * 60_000, bucketSeconds: 60 },
  "24h": { label: "24 hours", ms: 24 * 3_600_000, bucketSeconds: 15 * 60 },
  "7d": { label: "7 days", ms: 7 * 86_400_000, bucketSeconds: 2 * 3_600 },
} as const satisfies Record<string, { label: string; ms: number; bucketSeconds: number }>;

export type TimeWindowKey = keyof typeof TIME_WINDOWS;

export const TIME_WINDOW_KEYS = Object.keys(TIME_WINDOWS) as TimeWindowKey[];

export const DEFAULT_TIME_WINDOW: TimeWindowKey = "1h";

/** An unknown or missing `?window=` falls back to the default instead of failing the page. */
export const timeWindowParam = z
  .enum(TIME_WINDOW_KEYS as [TimeWindowKey, ...TimeWindowKey[]])
  .catch(DEFAULT_TIME_WINDOW)
  .default(DEFAULT_TIME_WINDOW);

export type TimeRange = {
  window: TimeWindowKey;
  /** epoch ms, aligned down to a bucket boundary so every bucket of the chart is whole */
  from: number;
  /** epoch ms, exclusive */
  to: number;
  bucketSeconds: number;
};

/**
 * The range a window covers at `now`. The start is aligned to the bucket size (buckets are
 * aligned to the epoch, as date_bin with origin 0 does), and the end is the end of the
 * current bucket, so the newest, still-filling bucket is shown too.
 */
export function timeRange(window: TimeWindowKey, now: number): TimeRange {
  const { ms, bucketSeconds } = TIME_WINDOWS[window];
  const bucketMs = bucketSeconds * 1000;
  const to = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  return { window, from: to - Math.ceil(ms / bucketMs) * bucketMs, to, bucketSeconds };
}

/** The start of every bucket in the range, oldest first. */
export function bucketStarts(range: TimeRange): number[] {
  const step = range.bucketSeconds * 1000;
  const out: number[] = [];
  for (let t = range.from; t < range.to; t += step) out.push(t);
  return out;
}
