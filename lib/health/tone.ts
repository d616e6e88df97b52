/**
 * Health tones and the rules that turn a measured value into one. Pure: the thresholds
 * come from lib/config/health-thresholds.ts and are passed in, so pages, API payloads and
 * tests all share one set of rules.
 */
export type HealthTone = "healthy" | "warning" | "critical";

/** A metric where more is worse (queue length, task time, CPU, memory). */
export type UpperBounds = { warning: number; critical: number };
/** A metric where less is worse (success rate). */
export type LowerBounds = { warning: number; critical: number };

/** Healthy below `warning`, critical above `critical`, warning between (both ends included). */
export function toneForHigherIsWorse(value: number, bounds: UpperBounds): HealthTone {
  if (value < bounds.warning) return "healthy";
  if (value > bounds.critical) return "critical";
  return "warning";
}

/** Healthy above `warning`, critical below `critical`, warning between (both ends included). */
export function toneForLowerIsWorse(value: number, bounds: LowerBounds): HealthTone {
  if (value > bounds.warning) return "healthy";
  if (value < bounds.critical) return "critical";
  return "warning";
}

const RANK: Record<HealthTone, number> = { healthy: 0, warning: 1, critical: 2 };

/** The most severe of several tones; null when there is nothing to judge. */
export function worstTone(tones: readonly (HealthTone | null)[]): HealthTone | null {
  let worst: HealthTone | null = null;
  for (const tone of tones) {
    if (tone !== null && (worst === null || RANK[tone] > RANK[worst])) worst = tone;
  }
  return worst;
}
