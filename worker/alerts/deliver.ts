import type { Logger } from "pino";
import { nextAttemptDelay, type RetryPolicy } from "@/lib/alerts/retry-schedule";
import type { SmtpSettings } from "@/lib/config/settings";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { findAlertChannels } from "@/lib/repositories/alert-channels";
import { listDueDeliveries, recordDeliveryAttempt, type AttemptOutcome } from "@/lib/repositories/alert-deliveries";
import { sendToChannel } from "@/lib/services/alerts-delivery";

export type DeliverOptions = {
  retry: RetryPolicy;
  smtp: SmtpSettings | null;
  /** per request */
  timeoutMs: number;
  /** deliveries per round */
  batchSize: number;
};

export type DeliverResult = { sent: number; retrying: number; failed: number };

/**
 * One delivery round over the outbox: every pending delivery whose time has come is sent
 * (concurrently: one slow receiver must not hold up the others) and its row updated: sent,
 * pending again with the next attempt's time, or failed for good. Sending happens at least
 * once: a crash between the send and the row update sends that message again.
 */
export async function deliverDue(prisma: PrismaClient, options: DeliverOptions, now: number, log?: Logger): Promise<DeliverResult> {
  const due = await listDueDeliveries(new Date(now), options.batchSize, prisma);
  if (due.length === 0) return { sent: 0, retrying: 0, failed: 0 };
  const channels = new Map((await findAlertChannels([...new Set(due.flatMap((item) => (item.channelId ? [item.channelId] : [])))], prisma)).map((channel) => [channel.id, channel]));
  const result: DeliverResult = { sent: 0, retrying: 0, failed: 0 };
  await Promise.all(
    due.map(async (delivery) => {
      const attempts = delivery.attempts + 1;
      const channel = delivery.channelId ? channels.get(delivery.channelId) : undefined;
      let outcome: AttemptOutcome;
      if (!delivery.message) outcome = failed(attempts, "the stored message is unreadable");
      else if (!channel) outcome = failed(attempts, "the channel was deleted");
      else if (!channel.enabled) outcome = failed(attempts, "the channel is disabled");
      else {
        const sent = await sendToChannel(channel.config, delivery.message, { smtp: options.smtp, timeoutMs: options.timeoutMs, now: Date.now() });
        if (sent.ok) outcome = { status: "sent", attempts, nextAttemptAt: null, lastError: null, responseStatus: sent.responseStatus, sentAt: new Date() };
        else {
          const delay = nextAttemptDelay(options.retry, attempts, sent.permanent);
          outcome =
            delay === null
              ? { ...failed(attempts, sent.error), responseStatus: sent.responseStatus }
              : { status: "pending", attempts, nextAttemptAt: new Date(Date.now() + delay), lastError: sent.error, responseStatus: sent.responseStatus, sentAt: null };
          log?.warn({ delivery: delivery.id.toString(), channel: channel.name, attempts, err: sent.error, retryInMs: delay }, "alert delivery failed");
        }
      }
      await recordDeliveryAttempt(delivery.id, outcome, prisma);
      if (outcome.status === "sent") result.sent += 1;
      else if (outcome.status === "pending") result.retrying += 1;
      else result.failed += 1;
    }),
  );
  return result;
}

function failed(attempts: number, error: string): AttemptOutcome {
  return { status: "failed", attempts, nextAttemptAt: null, lastError: error, responseStatus: null, sentAt: null };
}
