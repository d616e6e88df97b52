import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { purgeQueue, QueuePurgeError } from "@/lib/broker/queue-purge";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
import { queueNameSchema } from "@/lib/celery/control-messages";
import { isInternalQueue } from "@/lib/celery/redis-queues";
import { loadSettings } from "@/lib/config/settings";
import { recordAudit } from "@/lib/repositories/audit-log";
import { assertCanAct } from "./authorize";
import { BrokerServiceError } from "./broker-errors";

export const purgeQueueInput = z.strictObject({
  queue: queueNameSchema,
  /** the queue's name typed again: a purge cannot be undone */
  confirm: z.string({ error: "confirm: type the queue's name to confirm" }),
  /** the depth the person saw when confirming; kept in the audit row next to what was purged */
  shownDepth: z.int().min(0).optional(),
});
export type PurgeQueueInput = z.input<typeof purgeQueueInput>;

export type PurgeResult = { queue: string; purged: number; transport: "redis" | "amqp"; elapsedMs: number };

/**
 * Empties one queue on the broker Bloom watches (admin only, audited), since operators
 * otherwise reach for `celery purge` in a shell. The confirmation must repeat the queue's
 * name exactly. Mailboxes, event and reply queues are refused: purging them breaks remote
 * control or monitoring, never a backlog.
 */
export async function purgeBrokerQueue(actor: Actor, input: PurgeQueueInput): Promise<PurgeResult> {
  const parsed = purgeQueueInput.safeParse(input);
  const target = parsed.success ? parsed.data.queue : typeof input.queue === "string" ? input.queue : undefined;
  await assertCanAct(actor, "broker.purge", target);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BrokerServiceError("invalid_input", `${issue?.path.join(".") || "input"}: ${issue?.message ?? "is invalid"}`);
  }
  const { queue, confirm, shownDepth } = parsed.data;
  if (confirm !== queue) throw new BrokerServiceError("invalid_input", `confirm: type the queue's name (${queue}) exactly to purge it`);
  if (isInternalQueue(queue)) throw new BrokerServiceError("invalid_input", `queue: ${queue} is a remote-control, event or reply queue, not a task queue`);
  const settings = loadSettings();
  if (settings.readOnly) throw new BrokerServiceError("read_only", "Bloom runs read-only (BLOOM_READ_ONLY): queues cannot be purged.");

  const config = parseBrokerUrl(settings.brokerUrl);
  const started = performance.now();
  const audit = (outcome: "ok" | "error", replies: Record<string, string | number>) =>
    recordAudit({
      actor: actor.name,
      action: "broker.purge",
      target: queue,
      arguments: { transport: config.transport, ...(shownDepth === undefined ? {} : { shownDepth }) },
      replies,
      outcome,
      durationMs: Math.round(performance.now() - started),
    });
  try {
    const purged = await purgeQueue(config, queue);
    await audit("ok", { purged });
    return { queue, purged, transport: config.transport, elapsedMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (!(error instanceof QueuePurgeError)) throw error;
    await audit("error", { error: error.message });
    const code = error.reason === "not_found" ? "not_found" : error.reason === "not_a_queue" ? "conflict" : "broker_unavailable";
    throw new BrokerServiceError(code, error.message);
  }
}
