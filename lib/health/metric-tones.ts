import type { HealthThresholds } from "@/lib/config/health-thresholds";
import { toneForHigherIsWorse, toneForLowerIsWorse, type HealthTone } from "./tone";

/**
 * The dashboard's badge rules, one function per measured thing. `null` in means "no data"
 * and gives `null` out: the page shows a neutral badge rather than a made-up verdict.
 */

/** `percent` is 0..100. */
export function successRateTone(percent: number | null, t: HealthThresholds): HealthTone | null {
  return percent === null ? null : toneForLowerIsWorse(percent, t.successRate);
}

export function queueLengthTone(depth: number | null, t: HealthThresholds): HealthTone | null {
  return depth === null ? null : toneForHigherIsWorse(depth, t.queueLength);
}

export function taskTimeTone(seconds: number | null, t: HealthThresholds): HealthTone | null {
  return seconds === null ? null : toneForHigherIsWorse(seconds, t.taskTime);
}

export function workerCpuTone(percent: number | null, t: HealthThresholds): HealthTone | null {
  return percent === null ? null : toneForHigherIsWorse(percent, t.workerCpu);
}

export function workerMemoryTone(bytes: number | null, t: HealthThresholds): HealthTone | null {
  return bytes === null ? null : toneForHigherIsWorse(bytes, t.workerMemory);
}

/** Every known worker gone is critical; a fleet Bloom has never seen is not judged at all. */
export function workersOnlineTone(online: number, total: number): HealthTone | null {
  if (total === 0) return null;
  return online === 0 ? "critical" : online < total ? "warning" : "healthy";
}

export type BrokerState = "connected" | "connecting" | "disconnected" | "unknown";

/** An unavailable broker is critical; "unknown" means the ingest worker is not reporting. */
export function brokerTone(state: BrokerState, ingest: "running" | "stale" | "never-started"): HealthTone {
  if (state === "connected") return "healthy";
  if (state === "disconnected") return "critical";
  if (state === "connecting") return "warning";
  // Nobody is watching the broker: nothing Bloom shows is current.
  return ingest === "never-started" ? "warning" : "critical";
}
