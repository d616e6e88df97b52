import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Subject } from "@/lib/alerts/observe";
import { isSilenced, newRuleId, type AlertRule, type alertRuleInput, type AlertRuleInput, type ruleRefInput, type silenceInput, type updateRuleInput } from "@/lib/alerts/rule-schema";
import type { AlertPhase } from "@/lib/alerts/state-machine";
import { listAlertChannels } from "@/lib/repositories/alert-channels";
import { recordAlertHistory, type AlertHistoryKind } from "@/lib/repositories/alert-history";
import {
  createAlertRule as insertRule,
  deleteAlertRule as removeRule,
  findAlertRule,
  listAlertRules,
  seedDefaultAlertRules,
  setAlertRuleSilence,
  updateAlertRule as writeRule,
} from "@/lib/repositories/alert-rules";
import { acknowledgeAlertState, findAlertState, listAlertStates, type StoredAlertState } from "@/lib/repositories/alert-states";
import { AlertConflictError, AlertNotFoundError } from "./alerts-errors";
import { audited } from "./alerts-audit";

/**
 * Alert rules and their live state, as the console and the API use them. Reads are open to
 * viewers; every change is admin-only and audited (alerts-audit.ts), and acknowledgements and
 * silences also go into the alert history with who did it.
 */
export type AlertStatus = {
  phase: AlertPhase;
  since: number;
  value: number | null;
  summary: string | null;
  subjects: Subject[];
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  evaluatedAt: number;
};

export type AlertRuleView = AlertRule & {
  status: AlertStatus | null;
  silenced: boolean;
  /** channel names by id, for display (unknown ids are dropped) */
  channels: { id: string; name: string }[];
};

function toStatus(state: StoredAlertState | undefined | null): AlertStatus | null {
  if (!state) return null;
  return {
    phase: state.phase,
    since: state.phaseSince,
    value: state.value,
    summary: state.summary,
    subjects: state.subjects,
    acknowledgedBy: state.acknowledgedBy,
    acknowledgedAt: state.acknowledgedAt,
    evaluatedAt: state.evaluatedAt,
  };
}

/** Every rule with its state; seeds the runbook rules on a first visit before the ingest worker did. */
export async function listAlertRuleViews(now = Date.now()): Promise<AlertRuleView[]> {
  await seedDefaultAlertRules();
  const [rules, states, channels] = await Promise.all([listAlertRules(), listAlertStates(), listAlertChannels()]);
  const names = new Map(channels.map((channel) => [channel.id, channel.name]));
  return rules.map((rule) => toView(rule, states.get(rule.id), names, now));
}

export async function getAlertRuleView(id: string, now = Date.now()): Promise<AlertRuleView | null> {
  const [rule, state, channels] = await Promise.all([findAlertRule(id), findAlertState(id), listAlertChannels()]);
  if (!rule) return null;
  return toView(rule, state, new Map(channels.map((channel) => [channel.id, channel.name])), now);
}

function toView(rule: AlertRule, state: StoredAlertState | null | undefined, names: ReadonlyMap<string, string>, now: number): AlertRuleView {
  return {
    ...rule,
    status: rule.enabled ? toStatus(state) : null,
    silenced: isSilenced(rule, now),
    channels: rule.channelIds.flatMap((id) => {
      const name = names.get(id);
      return name === undefined ? [] : [{ id, name }];
    }),
  };
}

export type FiringAlert = { ruleId: string; name: string; severity: string; since: number; summary: string | null; acknowledgedBy: string | null; silenced: boolean };

export type AlertsSummary = { firing: FiringAlert[]; pending: number; critical: number };

/** What the bell shows on every page: firing alerts, critical first, oldest first. */
export async function getAlertsSummary(now = Date.now()): Promise<AlertsSummary> {
  const rules = await listAlertRuleViews(now);
  const firing = rules
    .filter((rule) => rule.status?.phase === "firing")
    .map((rule) => ({
      ruleId: rule.id,
      name: rule.name,
      severity: rule.severity,
      since: rule.status?.since ?? now,
      summary: rule.status?.summary ?? null,
      acknowledgedBy: rule.status?.acknowledgedBy ?? null,
      silenced: rule.silenced,
    }))
    .sort((a, b) => Number(b.severity === "critical") - Number(a.severity === "critical") || a.since - b.since);
  return {
    firing,
    pending: rules.filter((rule) => rule.status?.phase === "pending").length,
    critical: firing.filter((alert) => alert.severity === "critical").length,
  };
}

async function assertChannelsExist(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const known = new Set((await listAlertChannels()).map((channel) => channel.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new AlertConflictError(`no alert channel ${unknown.join(", ")}`);
}

async function requireRule(id: string): Promise<AlertRule> {
  const rule = await findAlertRule(id);
  if (!rule) throw new AlertNotFoundError("rule", id);
  return rule;
}

export async function createAlertRule(actor: Actor, input: z.output<typeof alertRuleInput>): Promise<AlertRule> {
  const id = newRuleId(input.name, randomBytes(3).toString("hex"));
  return audited(actor, "alert.create-alert-rules", id, input, async () => {
    await assertChannelsExist(input.channelIds);
    return insertRule(id, input, actor.name);
  });
}

export async function updateAlertRule(actor: Actor, input: z.output<typeof updateRuleInput>): Promise<AlertRule> {
  return audited(actor, "alert.edit-alert-rules", input.ruleId, input.rule, async () => {
    await requireRule(input.ruleId);
    await assertChannelsExist(input.rule.channelIds);
    return writeRule(input.ruleId, input.rule satisfies AlertRuleInput, actor.name);
  });
}

export async function deleteAlertRule(actor: Actor, input: z.output<typeof ruleRefInput>): Promise<void> {
  return audited(actor, "alert.delete-alert-rules", input.ruleId, {}, async () => {
    const rule = await requireRule(input.ruleId);
    // The runbook rules stay, so the table never empties and reseeds them behind an admin's back.
    if (rule.builtin) throw new AlertConflictError(`"${rule.name}" is one of the runbook rules: disable it instead of deleting it`);
    await removeRule(input.ruleId);
  });
}

export async function silenceAlertRule(actor: Actor, input: z.output<typeof silenceInput>, now = Date.now()): Promise<AlertRule> {
  return audited(actor, "alert.silence-alerts", input.ruleId, { durationSeconds: input.duration, reason: input.reason }, async () => {
    const rule = await requireRule(input.ruleId);
    const until = new Date(now + input.duration * 1000);
    const updated = await setAlertRuleSilence(rule.id, { until, by: actor.name, reason: input.reason });
    await history(rule, "silenced", actor, `silenced until ${until.toISOString()}${input.reason ? `: ${input.reason}` : ""}`, now);
    return updated;
  });
}

export async function unsilenceAlertRule(actor: Actor, input: z.output<typeof ruleRefInput>, now = Date.now()): Promise<AlertRule> {
  return audited(actor, "alert.unsilence-alerts", input.ruleId, {}, async () => {
    const rule = await requireRule(input.ruleId);
    const updated = await setAlertRuleSilence(rule.id, null);
    await history(rule, "unsilenced", actor, "silence lifted", now);
    return updated;
  });
}

/** Acknowledges the rule's firing alert: reminders stop until it resolves. */
export async function acknowledgeAlert(actor: Actor, input: z.output<typeof ruleRefInput>, now = Date.now()): Promise<{ acknowledged: boolean }> {
  return audited(actor, "alert.acknowledge-alerts", input.ruleId, {}, async () => {
    const rule = await requireRule(input.ruleId);
    const acknowledged = await acknowledgeAlertState(rule.id, actor.name, new Date(now));
    if (!acknowledged) throw new AlertConflictError(`"${rule.name}" is not firing, or is already acknowledged`);
    const state = await findAlertState(rule.id);
    await history(rule, "acknowledged", actor, state?.summary ?? "acknowledged", now, state?.value ?? null);
    return { acknowledged };
  });
}

async function history(rule: AlertRule, kind: AlertHistoryKind, actor: Actor, message: string, now: number, value: number | null = null): Promise<void> {
  await recordAlertHistory([{ ruleId: rule.id, ruleName: rule.name, severity: rule.severity, kind, actor: actor.name, value, message, at: new Date(now) }]);
}
