import type { Logger } from "pino";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  purgeAlertDeliveries,
  purgeAlertHistory,
  purgeAuditLog,
  purgeDeadLetters,
  purgeOfflineWorkers,
  purgeQueueSamples,
  purgeTaskRollups,
} from "@/lib/repositories/housekeeping-purge";
import { publishChange } from "@/lib/repositories/change-log";
import { purgeIdleEventTotals } from "@/lib/repositories/event-totals";
import { countTasks, purgeTaskBatch, type TaskPurgeKind } from "@/lib/repositories/task-retention";
import { changeNotification, CHANGES_CHANNEL } from "../ingest/change-notification";
import { runInBatches } from "./batch-loop";
import { ageCutoff, capExcess, eventTotalsMaxAge, type RetentionPolicy } from "./retention-policy";

export type RetentionRunOptions = {
  /** rows per statement */
  batchSize: number;
  /** pause between statements */
  pauseMs: number;
  signal?: AbortSignal;
  /** epoch seconds; default: now */
  nowSeconds?: number;
};

export const DEFAULT_RETENTION_BATCH_SIZE = 2_000;
export const DEFAULT_RETENTION_PAUSE_MS = 100;

export type RetentionReport = {
  /** non-failures past taskMaxAge, failures past failedTaskMaxAge */
  expiredTasks: number;
  expiredFailures: number;
  /** removed by the maxTasks cap */
  cappedTasks: number;
  cappedFailures: number;
  taskEvents: number;
  workers: number;
  rollups: number;
  queueSamples: number;
  deadLetters: number;
  /** /metrics counter rows idle past the task retention */
  eventTotals: number;
  auditLog: number;
  alertHistory: number;
  alertDeliveries: number;
  /** statements issued */
  batches: number;
  durationMs: number;
};

/**
 * One retention pass (rules in retention-policy.ts). Every statement deletes at most
 * `batchSize` rows and commits by itself, with a pause in between, so the ingest never
 * waits long for a lock or a connection. Running it again right away deletes nothing:
 * each rule only removes rows that are over their limit at the time of the run.
 */
export async function runRetention(prisma: PrismaClient, policy: RetentionPolicy, options: RetentionRunOptions, log?: Logger): Promise<RetentionReport> {
  const started = Date.now();
  const now = options.nowSeconds ?? Date.now() / 1000;
  const loop = { batchSize: options.batchSize, pauseMs: options.pauseMs, signal: options.signal ?? new AbortController().signal };
  let batches = 0;
  let taskEvents = 0;

  const purgeTasks = async (kind: TaskPurgeKind, firstSeenBefore: number | null, limit?: number): Promise<number> => {
    let cursor: string | null = null;
    const result = await runInBatches(
      async (size) => {
        const batch = await purgeTaskBatch(prisma, { kind, firstSeenBefore, from: cursor, limit: size });
        taskEvents += batch.events;
        cursor = batch.cursor ?? cursor;
        return batch.tasks;
      },
      { ...loop, ...(limit === undefined ? {} : { limit }) },
    );
    batches += result.batches;
    return result.deleted;
  };
  const purgeByAge = async (maxAge: number | null, step: (olderThan: number, size: number) => Promise<number>): Promise<number> => {
    const olderThan = ageCutoff(now, maxAge);
    if (olderThan === null) return 0;
    const result = await runInBatches((size) => step(olderThan, size), loop);
    batches += result.batches;
    return result.deleted;
  };

  const taskCutoff = ageCutoff(now, policy.taskMaxAge);
  const failureCutoff = ageCutoff(now, policy.failedTaskMaxAge);
  const expiredTasks = taskCutoff === null ? 0 : await purgeTasks("others", taskCutoff);
  const expiredFailures = failureCutoff === null ? 0 : await purgeTasks("failures", failureCutoff);

  let cappedTasks = 0;
  let cappedFailures = 0;
  if (policy.maxTasks !== null && !loop.signal.aborted) {
    const excess = capExcess(await countTasks(prisma), policy.maxTasks);
    if (excess.others > 0) cappedTasks = await purgeTasks("others", null, excess.others);
    // Only the planned number: if some non-failures were locked and skipped, the next run
    // takes them, rather than this one making up for them with failures.
    if (excess.failures > 0) cappedFailures = await purgeTasks("failures", null, excess.failures);
  }

  const workers = await purgeByAge(policy.workerOfflineMaxAge, async (olderThan, size) => {
    const removed = await purgeOfflineWorkers(prisma, olderThan, size);
    // Pages listing workers refresh on this; the removed names are few.
    if (removed.length > 0) await publishChange(prisma, CHANGES_CHANNEL, changeNotification([], removed));
    return removed.length;
  });
  const rollups = await purgeByAge(policy.rollupMaxAge, (olderThan, size) => purgeTaskRollups(prisma, olderThan, size));
  const queueSamples = await purgeByAge(policy.queueSampleMaxAge, (olderThan, size) => purgeQueueSamples(prisma, olderThan, size));
  const deadLetters = await purgeByAge(policy.deadLetterMaxAge, (olderThan, size) => purgeDeadLetters(prisma, olderThan, size));
  const eventTotals = await purgeByAge(eventTotalsMaxAge(policy.taskMaxAge), (olderThan, size) => purgeIdleEventTotals(prisma, olderThan, size));
  const auditLog = await purgeByAge(policy.auditMaxAge, (olderThan, size) => purgeAuditLog(prisma, olderThan, size));
  const alertHistory = await purgeByAge(policy.alertHistoryMaxAge, (olderThan, size) => purgeAlertHistory(prisma, olderThan, size));
  const alertDeliveries = await purgeByAge(policy.alertDeliveryMaxAge, (olderThan, size) => purgeAlertDeliveries(prisma, olderThan, size));

  const report: RetentionReport = {
    expiredTasks,
    expiredFailures,
    cappedTasks,
    cappedFailures,
    taskEvents,
    workers,
    rollups,
    queueSamples,
    deadLetters,
    eventTotals,
    auditLog,
    alertHistory,
    alertDeliveries,
    batches,
    durationMs: Date.now() - started,
  };
  log?.info({ retention: report, aborted: loop.signal.aborted || undefined }, "retention purge finished");
  return report;
}
