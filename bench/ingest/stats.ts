/** Small statistics for the report. */

export type Distribution = { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null };

/** Nearest-rank percentile (no interpolation: every figure reported is a value that was measured). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
  };
}

export const round = (value: number, digits = 0): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export function roundDistribution(d: Distribution): Distribution {
  const r = (value: number | null): number | null => (value === null ? null : Math.round(value));
  return { count: d.count, p50: r(d.p50), p95: r(d.p95), p99: r(d.p99), max: r(d.max) };
}
