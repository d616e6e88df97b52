/**
 * Exponential reconnect backoff with jitter, shared by every broker source.
 *
 * Jitter only ever shortens the delay (the delay lies in [base·(1−jitter), base]), so the
 * cap is a true upper bound: an operator reading "retrying in at most 30 s" can rely on it,
 * and many Bloom workers restarted together by one broker outage still spread out.
 */

export type BackoffOptions = {
  /** delay before the first retry, in ms */
  initialMs: number;
  /** upper bound for any delay, in ms */
  maxMs: number;
  /** growth per attempt */
  factor: number;
  /** fraction (0–1) of the delay that is randomised away */
  jitter: number;
};

export const DEFAULT_BACKOFF = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.25 } satisfies BackoffOptions;

/**
 * Delay in ms before retry number `attempt` (1-based). `random` is injectable so tests
 * can pin the jitter.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs, factor, jitter } = normalize(options);
  const n = Number.isFinite(attempt) && attempt >= 1 ? Math.floor(attempt) : 1;
  // The exponent is bounded and 0 is special-cased so a huge attempt count can reach
  // Infinity (capped below) but never Infinity·0 = NaN.
  const grown = initialMs === 0 ? 0 : initialMs * factor ** Math.min(n - 1, 1024);
  const base = Math.min(maxMs, grown);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(base * (1 - jitter * r));
}

/** Stateful helper: `next()` for every failed attempt, `reset()` once connected. */
export type Backoff = {
  next(): { attempt: number; delayMs: number };
  reset(): void;
  readonly attempt: number;
};

export function createBackoff(options: Partial<BackoffOptions> = {}, random: () => number = Math.random): Backoff {
  const resolved = normalize({ ...DEFAULT_BACKOFF, ...options });
  let attempt = 0;
  return {
    next() {
      attempt += 1;
      return { attempt, delayMs: backoffDelay(attempt, resolved, random) };
    },
    reset() {
      attempt = 0;
    },
    get attempt() {
      return attempt;
    },
  };
}

/** Clamps nonsense (negative, NaN, factor < 1) instead of throwing: a retry loop must keep running. */
function normalize(o: BackoffOptions): BackoffOptions {
  const finite = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);
  const maxMs = Math.max(0, finite(o.maxMs, DEFAULT_BACKOFF.maxMs));
  const initialMs = Math.min(maxMs, Math.max(0, finite(o.initialMs, DEFAULT_BACKOFF.initialMs)));
  return {
    initialMs,
    maxMs,
    factor: Math.max(1, finite(o.factor, DEFAULT_BACKOFF.factor)),
    jitter: Math.min(1, Math.max(0, finite(o.jitter, DEFAULT_BACKOFF.jitter))),
  };
}
