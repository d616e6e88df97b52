/**
 * Fixed runtime buckets (seconds, upper bounds) shared by the ingest rollups and the pages
 * that read them: per-minute rows keep counts per bucket, so p50/p95 over any window are a
 * sum of arrays, never a scan of raw tasks. The last bucket is open-ended.
 */
export const RUNTIME_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] as const;

export const HISTOGRAM_SIZE = RUNTIME_BUCKETS.length + 1;

export function bucketIndex(runtimeSeconds: number): number {
  for (let i = 0; i < RUNTIME_BUCKETS.length; i++) {
    if (runtimeSeconds <= (RUNTIME_BUCKETS[i] ?? Infinity)) return i;
  }
  return RUNTIME_BUCKETS.length;
}

export function emptyHistogram(): number[] {
  return new Array<number>(HISTOGRAM_SIZE).fill(0);
}

export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  const out = emptyHistogram();
  for (let i = 0; i < HISTOGRAM_SIZE; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

/**
 * The q-quantile (0..1) estimated as the upper bound of the bucket holding it, as
 * Prometheus' histogram_quantile does without interpolation; null for an empty histogram.
 * For the open-ended last bucket the largest finite bound is returned.
 */
export function histogramQuantile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return RUNTIME_BUCKETS[Math.min(i, RUNTIME_BUCKETS.length - 1)] ?? null;
  }
  return RUNTIME_BUCKETS[RUNTIME_BUCKETS.length - 1] ?? null;
}
