/** One chart row: the bucket start and each charted queue's depth (null: not sampled in that bucket). */
export type QueueHistoryRow = { t: number; depths: Record<string, number | null> };

/**
 * Pivots (queue, bucket, depth) points into one row per bucket for a multi-line chart.
 * Gaps stay null, not zero: "the sampler did not run" must not read as "the queue was empty".
 */
export function pivotQueueHistory(points: readonly { queue: string; bucketStart: number; depth: number }[], starts: readonly number[], queues: readonly string[]): QueueHistoryRow[] {
  const byKey = new Map<string, number>();
  for (const point of points) byKey.set(`${point.bucketStart}|${point.queue}`, point.depth);
  return starts.map((t) => ({ t, depths: Object.fromEntries(queues.map((queue) => [queue, byKey.get(`${t}|${queue}`) ?? null])) }));
}

/** The queues worth a line: the deepest now first, then the deepest over the window, at most `limit`. */
export function pickChartedQueues(latest: readonly { queue: string; depth: number }[], points: readonly { queue: string; depth: number }[], limit: number): string[] {
  const peak = new Map<string, number>();
  for (const point of points) peak.set(point.queue, Math.max(peak.get(point.queue) ?? 0, point.depth));
  const now = new Map(latest.map((sample) => [sample.queue, sample.depth]));
  const names = new Set([...now.keys(), ...peak.keys()]);
  return [...names]
    .sort((a, b) => (now.get(b) ?? -1) - (now.get(a) ?? -1) || (peak.get(b) ?? 0) - (peak.get(a) ?? 0) || a.localeCompare(b))
    .slice(0, limit);
}
