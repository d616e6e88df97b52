import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { channelInput, channelView, resolveChannelConfig, type ChannelView } from "@/lib/alerts/channels";
import { testMessage } from "@/lib/alerts/message";
import { loadSettings, smtpSettingsOf } from "@/lib/config/settings";
import { createAlertChannel as insertChannel, deleteAlertChannel as removeChannel, findAlertChannel, listAlertChannels, updateAlertChannel as writeChannel } from "@/lib/repositories/alert-channels";
import { enqueueDeliveries } from "@/lib/repositories/alert-deliveries";
import { attachChannelToAllRules, removeChannelFromRules } from "@/lib/repositories/alert-rules";
import { InvalidParameterError } from "./service-errors";
import { AlertNotFoundError } from "./alerts-errors";
import { audited } from "./alerts-audit";
import { sendToChannel } from "./alerts-delivery";

/**
 * Notification channels. The browser only ever receives masked views; the stored secrets
 * leave the server only towards the receiver itself. Audit rows name the channel and its
 * type, never its URL or secret.
 */
export const channelIdParam = z.string().trim().min(1).max(100);
export const updateChannelInput = z.object({ channelId: channelIdParam, channel: channelInput });
export const channelRefInput = z.object({ channelId: channelIdParam });

export async function listAlertChannelViews(): Promise<ChannelView[]> {
  return (await listAlertChannels()).map(channelView);
}

function configOrThrow(result: ReturnType<typeof resolveChannelConfig>) {
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.filter((part) => part !== "type").join(".") || "channel";
  throw new InvalidParameterError(field, issue?.message ?? "is invalid");
}

export async function createAlertChannel(actor: Actor, input: z.output<typeof channelInput>): Promise<ChannelView> {
  return audited(actor, "alert.create-channels", input.name, { name: input.name, type: input.type, attachToAllRules: input.attachToAllRules }, async () => {
    const config = configOrThrow(resolveChannelConfig(input, null));
    const channel = await insertChannel({ name: input.name, enabled: input.enabled, config });
    if (input.attachToAllRules) await attachChannelToAllRules(channel.id);
    return channelView(channel);
  });
}

export async function updateAlertChannel(actor: Actor, input: z.output<typeof updateChannelInput>): Promise<ChannelView> {
  const { channel: fields } = input;
  return audited(actor, "alert.edit-channels", input.channelId, { name: fields.name, type: fields.type, enabled: fields.enabled, secretChanged: Boolean(fields.secret) || fields.clearSecret }, async () => {
    const stored = await findAlertChannel(input.channelId);
    if (!stored) throw new AlertNotFoundError("channel", input.channelId);
    const config = configOrThrow(resolveChannelConfig(fields, stored.config));
    return channelView(await writeChannel({ id: stored.id, name: fields.name, enabled: fields.enabled, config }));
  });
}

export async function deleteAlertChannel(actor: Actor, input: z.output<typeof channelRefInput>): Promise<void> {
  return audited(actor, "alert.delete-channels", input.channelId, {}, async () => {
    const stored = await findAlertChannel(input.channelId);
    if (!stored) throw new AlertNotFoundError("channel", input.channelId);
    await removeChannelFromRules(stored.id);
    await removeChannel(stored.id);
  });
}

export type TestResult = { ok: boolean; error: string | null; responseStatus: number | null };

/**
 * Sends a sample notification now, from this process, once (no retries: the admin is
 * waiting and wants the receiver's own answer), and logs it with the deliveries.
 */
export async function sendTestNotification(actor: Actor, input: z.output<typeof channelRefInput>, now = Date.now()): Promise<TestResult> {
  return audited(actor, "alert.send-test-notifications", input.channelId, {}, async () => {
    const channel = await findAlertChannel(input.channelId);
    if (!channel) throw new AlertNotFoundError("channel", input.channelId);
    const settings = loadSettings();
    const message = testMessage(channel.name, now, settings.alertBaseUrl);
    const outcome = await sendToChannel(channel.config, message, { smtp: smtpSettingsOf(settings), now });
    await enqueueDeliveries([
      {
        channelId: channel.id,
        channelName: channel.name,
        channelType: channel.config.type,
        ruleId: null,
        kind: "test",
        message,
        status: outcome.ok ? "sent" : "failed",
        attempts: 1,
        lastError: outcome.ok ? null : outcome.error,
        responseStatus: outcome.responseStatus,
        sentAt: outcome.ok ? new Date() : null,
      },
    ]);
    return { ok: outcome.ok, error: outcome.ok ? null : outcome.error, responseStatus: outcome.responseStatus };
  });
}
