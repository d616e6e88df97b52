"use server";

import { revalidatePath } from "next/cache";
import { channelInput } from "@/lib/alerts/channels";
import { alertRuleInput, ruleRefInput, silenceInput, updateRuleInput } from "@/lib/alerts/rule-schema";
import { acknowledgeAlert, createAlertRule, deleteAlertRule, silenceAlertRule, unsilenceAlertRule, updateAlertRule } from "@/lib/services/alerts";
import { channelRefInput, createAlertChannel, deleteAlertChannel, sendTestNotification, updateAlertChannel, updateChannelInput } from "@/lib/services/alerts-channels";
import { defineAction } from "./define-action";

/**
 * Server actions of the alerts pages. Admin only: each service checks the role itself and
 * writes the audit row (lib/services/alerts-audit.ts), so a crafted POST from a viewer is
 * refused and recorded like any other.
 */
function refresh(ruleId?: string): void {
  revalidatePath("/alerts", "layout");
  if (ruleId) revalidatePath(`/alerts/rules/${encodeURIComponent(ruleId)}`);
}

export const createAlertRuleAction = defineAction(alertRuleInput, async (actor, input) => {
  const rule = await createAlertRule(actor, input);
  refresh();
  return { id: rule.id };
});

export const updateAlertRuleAction = defineAction(updateRuleInput, async (actor, input) => {
  const rule = await updateAlertRule(actor, input);
  refresh(rule.id);
  return { id: rule.id };
});

export const deleteAlertRuleAction = defineAction(ruleRefInput, async (actor, input) => {
  await deleteAlertRule(actor, input);
  refresh();
  return { id: input.ruleId };
});

export const silenceAlertRuleAction = defineAction(silenceInput, async (actor, input) => {
  const rule = await silenceAlertRule(actor, input);
  refresh(rule.id);
  return { silencedUntil: rule.silencedUntil };
});

export const unsilenceAlertRuleAction = defineAction(ruleRefInput, async (actor, input) => {
  const rule = await unsilenceAlertRule(actor, input);
  refresh(rule.id);
  return { id: rule.id };
});

export const acknowledgeAlertAction = defineAction(ruleRefInput, async (actor, input) => {
  const result = await acknowledgeAlert(actor, input);
  refresh(input.ruleId);
  return result;
});

export const createAlertChannelAction = defineAction(channelInput, async (actor, input) => {
  const channel = await createAlertChannel(actor, input);
  refresh();
  return channel;
});

export const updateAlertChannelAction = defineAction(updateChannelInput, async (actor, input) => {
  const channel = await updateAlertChannel(actor, input);
  refresh();
  return channel;
});

export const deleteAlertChannelAction = defineAction(channelRefInput, async (actor, input) => {
  await deleteAlertChannel(actor, input);
  refresh();
  return { id: input.channelId };
});

export const sendTestNotificationAction = defineAction(channelRefInput, async (actor, input) => {
  const result = await sendTestNotification(actor, input);
  refresh();
  return result;
});
