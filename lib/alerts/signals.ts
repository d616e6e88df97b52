/**
 * What the evaluator reads from Postgres once per tick (lib/repositories/alert-signals.ts),
 * in the shape the pure observation functions take. Times are epoch ms.
 */
export type WorkerSignal = { hostname: string; online: boolean; cpuPercent: number | null; memoryBytes: number | null };

export type QueueSignal = { queue: string; depth: number };

/** The active ingest process's broker connection; null when no ingest process reports. */
export type BrokerSignal = { state: string; error: string | null } | null;

/** Rollups summed per task name and state over one window. */
export type RollupTotal = { name: string; state: string; count: number; runtimeSum: number };

/** For task_silence: when a matching task was last sent or received. */
export type SilenceSignal = {
  /** newest send/receive within the lookback; null = none in it */
  lastSeenAt: number | null;
  /** whether any matching task exists at all (a task Bloom never saw is not "silent") */
  everSeen: boolean;
  lookbackSeconds: number;
};

export type SignalSnapshot = {
  now: number;
  workers: readonly WorkerSignal[];
  queues: readonly QueueSignal[];
  broker: BrokerSignal;
  /** keyed by window seconds */
  rollups: ReadonlyMap<number, readonly RollupTotal[]>;
  /** keyed by rule id */
  silence: ReadonlyMap<string, SilenceSignal>;
  /** the Beat page's verdict over every periodic task; null when it could not be read */
  beat: BeatSignal;
};

/** lib/beat/beat-health.ts's summary, as far as alerts need it. */
export type BeatSignal = { state: "running" | "degraded" | "stopped" | "not-seen" | "none"; missing: number; judged: number; message: string } | null;

/** How far back task_silence looks: a few thresholds, at least an hour, at most a week. */
export function silenceLookbackSeconds(thresholdSeconds: number): number {
  return Math.min(Math.max(Math.ceil(thresholdSeconds * 3), 3600), 7 * 86_400);
}
