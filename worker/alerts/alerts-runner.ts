import type { Logger } from "pino";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "@/lib/alerts/retry-schedule";
import type { SmtpSettings } from "@/lib/config/settings";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { seedDefaultAlertRules } from "@/lib/repositories/alert-rules";
import { PeriodicTask } from "../maintenance/periodic-task";
import { deliverDue } from "./deliver";
import { evaluateAlerts, type TickResult } from "./evaluate";

/**
 * The alerting loops of the active ingest process: evaluation every `intervalMs` and the
 * delivery outbox every `deliveryIntervalMs` (and right after an evaluation that queued
 * something). Only the process holding the ingest lock runs them, so rules are evaluated
 * and notifications sent once per cluster. Every duration is an option so tests run in
 * seconds.
 */
export type AlertsOptions = {
  prisma: PrismaClient;
  log: Logger;
  intervalMs: number;
  deliveryIntervalMs?: number;
  baseUrl?: string;
  smtp: SmtpSettings | null;
  retry?: RetryPolicy;
  sendTimeoutMs?: number;
  queueSampleMaxAgeMs?: number;
  ingestFreshMs?: number;
  /** for tests: observe each round */
  onTick?: (result: TickResult) => void;
};

export type RunningAlerts = {
  evaluator: PeriodicTask;
  delivery: PeriodicTask;
  stop: () => Promise<void>;
};

export const DEFAULT_DELIVERY_INTERVAL_MS = 2_000;

export function startAlerts(options: AlertsOptions): RunningAlerts {
  const { prisma, log } = options;
  let seeded = false;
  const evaluateOptions = {
    baseUrl: options.baseUrl,
    queueSampleMaxAgeMs: options.queueSampleMaxAgeMs ?? 2 * 60_000,
    ingestFreshMs: options.ingestFreshMs ?? 10_000,
  };
  const deliverOptions = { retry: options.retry ?? DEFAULT_RETRY_POLICY, smtp: options.smtp, timeoutMs: options.sendTimeoutMs ?? 10_000, batchSize: 20 };

  const delivery = new PeriodicTask({ name: "alert delivery", intervalMs: options.deliveryIntervalMs ?? DEFAULT_DELIVERY_INTERVAL_MS, log }, async () => {
    // Drain what is due in batches; the loop ends when a round finds nothing.
    for (;;) {
      const round = await deliverDue(prisma, deliverOptions, Date.now(), log);
      if (round.sent + round.retrying + round.failed < deliverOptions.batchSize) return;
    }
  });
  const evaluator = new PeriodicTask({ name: "alert evaluation", intervalMs: options.intervalMs, firstRunMs: 0, log }, async () => {
    if (!seeded) {
      const count = await seedDefaultAlertRules(prisma);
      if (count > 0) log.info({ rules: count }, "seeded the default alert rules");
      seeded = true;
    }
    const result = await evaluateAlerts(prisma, evaluateOptions, Date.now(), log);
    options.onTick?.(result);
    if (result.notifications > 0) void delivery.runNow();
  });
  evaluator.start();
  delivery.start();

  let stopping: Promise<void> | undefined;
  return {
    evaluator,
    delivery,
    stop: () => {
      stopping ??= Promise.all([evaluator.stop(), delivery.stop()]).then(() => undefined);
      return stopping;
    },
  };
}
