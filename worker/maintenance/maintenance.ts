import type { Logger } from "pino";
import type { Settings } from "@/lib/config/settings";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DEFAULT_CHANGE_LOG_PRUNE_INTERVAL_MS, pruneChangeLogOnce } from "./change-log-pruner";
import { PeriodicTask } from "./periodic-task";
import { createQueueProbe, DEFAULT_SAMPLE_INTERVAL_MS, sampleQueueDepths } from "./queue-sampler";
import { DEFAULT_RETENTION_BATCH_SIZE, DEFAULT_RETENTION_PAUSE_MS, runRetention } from "./retention";
import { DEFAULT_HOUSEKEEPING, type HousekeepingAges } from "./retention-policy";
import { DEFAULT_SWEEP_INTERVAL_MS, sweepSilentWorkers } from "./worker-sweeper";

export const DEFAULT_RETENTION_INTERVAL_MS = 5 * 60_000;
/** After a restart the ingest catches up first; the purge can wait a minute. */
const RETENTION_FIRST_RUN_MS = 60_000;

/** What a caller chooses; everything but `retention` has a default. */
export type MaintenanceSettings = {
  retention: Settings["retention"];
  housekeeping?: Partial<HousekeepingAges>;
  /** queue names to sample besides `celery`, the workers' active queues and (Redis) bound queues */
  queues?: readonly string[];
  sweepIntervalMs?: number;
  /** BLOOM_BROKER_API: sample RabbitMQ through its management API */
  brokerApiUrl?: string | undefined;
  /** 0 turns queue sampling off */
  sampleIntervalMs?: number;
  retentionIntervalMs?: number;
  retentionBatchSize?: number;
  retentionPauseMs?: number;
  changeLogPruneIntervalMs?: number;
};

export type MaintenanceOptions = MaintenanceSettings & { prisma: PrismaClient; brokerUrl: string; log: Logger };

export type RunningMaintenance = {
  sweeper: PeriodicTask;
  retention: PeriodicTask;
  sampler: PeriodicTask | undefined;
  changeLog: PeriodicTask;
  /** Idempotent; resolves when the runs in flight have ended and the broker connection is closed. */
  stop: () => Promise<void>;
};

/**
 * The active ingest process's background jobs: the worker sweeper, the retention purge, the
 * queue depth sampler and the change log pruner, each on its own schedule. Run by the process holding the ingest
 * lock only, so two instances never purge or sample at the same time.
 */
export function startMaintenance(options: MaintenanceOptions): RunningMaintenance {
  const { prisma, log } = options;
  const sweeper = new PeriodicTask({ name: "worker sweeper", intervalMs: options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS, log }, async () => {
    await sweepSilentWorkers(prisma, Date.now() / 1000, log);
  });

  const policy = { ...options.retention, ...DEFAULT_HOUSEKEEPING, ...options.housekeeping };
  const retentionIntervalMs = options.retentionIntervalMs ?? DEFAULT_RETENTION_INTERVAL_MS;
  const retention = new PeriodicTask(
    { name: "retention", intervalMs: retentionIntervalMs, firstRunMs: Math.min(RETENTION_FIRST_RUN_MS, retentionIntervalMs), log },
    async (signal) => {
      const batchSize = options.retentionBatchSize ?? DEFAULT_RETENTION_BATCH_SIZE;
      await runRetention(prisma, policy, { batchSize, pauseMs: options.retentionPauseMs ?? DEFAULT_RETENTION_PAUSE_MS, signal }, log);
    },
  );

  const sampleIntervalMs = options.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
  const probe = sampleIntervalMs > 0 ? createQueueProbe(options.brokerUrl, log, options.brokerApiUrl) : undefined;
  const sampler = probe
    ? new PeriodicTask({ name: "queue sampler", intervalMs: sampleIntervalMs, log }, async () => {
        const samples = await sampleQueueDepths(prisma, probe, options.queues ?? []);
        log.debug({ queues: samples.length }, "queue depths sampled");
      })
    : undefined;

  const changeLog = new PeriodicTask({ name: "change log pruner", intervalMs: options.changeLogPruneIntervalMs ?? DEFAULT_CHANGE_LOG_PRUNE_INTERVAL_MS, log }, async (signal) => {
    const deleted = await pruneChangeLogOnce(prisma, signal);
    if (deleted > 0) log.debug({ deleted }, "change log pruned");
  });

  sweeper.start();
  retention.start();
  sampler?.start();
  changeLog.start();

  let stopping: Promise<void> | undefined;
  return {
    sweeper,
    retention,
    sampler,
    changeLog,
    stop: () => {
      stopping ??= (async () => {
        await Promise.all([sweeper.stop(), retention.stop(), sampler?.stop(), changeLog.stop()]);
        await probe?.close();
      })();
      return stopping;
    },
  };
}
