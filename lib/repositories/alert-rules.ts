import { DEFAULT_RULES } from "@/lib/alerts/default-rules";
import { METRIC_IDS, type MetricId } from "@/lib/alerts/metrics";
import { SEVERITIES, type AlertRule, type AlertRuleInput, type Severity } from "@/lib/alerts/rule-schema";
import type { Operator } from "@/lib/alerts/state-machine";
import type { AlertRule as AlertRuleRow } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

/** Rules as stored → the domain type. A value outside the known sets (a hand-edited row) reads as the safe default. */
export function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    metric: (METRIC_IDS as readonly string[]).includes(row.metric) ? (row.metric as MetricId) : "workers_online",
    operator: (row.operator === "below" ? "below" : "above") satisfies Operator,
    threshold: row.threshold,
    clearThreshold: row.clearThreshold,
    windowSeconds: row.windowSeconds,
    minTasks: row.minTasks,
    forSeconds: row.forSeconds,
    clearForSeconds: row.clearForSeconds,
    renotifySeconds: row.renotifySeconds,
    severity: ((SEVERITIES as readonly string[]).includes(row.severity) ? row.severity : "critical") as Severity,
    taskPattern: row.taskPattern,
    queuePattern: row.queuePattern,
    workerPattern: row.workerPattern,
    enabled: row.enabled,
    builtin: row.builtin,
    channelIds: row.channelIds,
    silencedUntil: row.silencedUntil?.getTime() ?? null,
    silencedBy: row.silencedBy,
    silenceReason: row.silenceReason,
    updatedAt: row.updatedAt.getTime(),
    updatedBy: row.updatedBy,
  };
}

/** Critical first, then by name: the order of the rules page. */
export async function listAlertRules(db: Db = defaultDb()): Promise<AlertRule[]> {
  const rows = await db.alertRule.findMany({ orderBy: [{ severity: "asc" }, { name: "asc" }] });
  return rows.map(toAlertRule);
}

export async function findAlertRule(id: string, db: Db = defaultDb()): Promise<AlertRule | null> {
  const row = await db.alertRule.findUnique({ where: { id } });
  return row ? toAlertRule(row) : null;
}

/**
 * Seeds the runbook rules into an empty table. Safe to race (web and ingest may both try on
 * a first start): fixed ids and ON CONFLICT DO NOTHING. Returns how many were inserted.
 */
export async function seedDefaultAlertRules(db: Db = defaultDb()): Promise<number> {
  if ((await db.alertRule.count({ take: 1 })) > 0) return 0;
  const result = await db.alertRule.createMany({
    data: DEFAULT_RULES.map(({ id, rule }) => ({ id, ...rule, builtin: true, updatedBy: "bloom" })),
    skipDuplicates: true,
  });
  return result.count;
}

export async function createAlertRule(id: string, rule: AlertRuleInput, actor: string, db: Db = defaultDb()): Promise<AlertRule> {
  return toAlertRule(await db.alertRule.create({ data: { id, ...rule, builtin: false, updatedBy: actor } }));
}

export async function updateAlertRule(id: string, rule: AlertRuleInput, actor: string, db: Db = defaultDb()): Promise<AlertRule> {
  return toAlertRule(await db.alertRule.update({ where: { id }, data: { ...rule, updatedBy: actor } }));
}

export async function deleteAlertRule(id: string, db: Db = defaultDb()): Promise<void> {
  await db.alertRule.delete({ where: { id } });
}

export async function setAlertRuleSilence(id: string, silence: { until: Date; by: string; reason: string } | null, db: Db = defaultDb()): Promise<AlertRule> {
  const row = await db.alertRule.update({
    where: { id },
    data: silence ? { silencedUntil: silence.until, silencedBy: silence.by, silenceReason: silence.reason || null } : { silencedUntil: null, silencedBy: null, silenceReason: null },
  });
  return toAlertRule(row);
}

/** Array columns carry no foreign keys: a deleted channel is taken out of every rule here. */
export async function removeChannelFromRules(channelId: string, db: Db = defaultDb()): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE alert_rules SET channel_ids = array_remove(channel_ids, $1) WHERE $1 = ANY (channel_ids)`, channelId);
}

export async function attachChannelToAllRules(channelId: string, db: Db = defaultDb()): Promise<void> {
  await db.$executeRawUnsafe(`UPDATE alert_rules SET channel_ids = array_append(channel_ids, $1) WHERE NOT ($1 = ANY (channel_ids))`, channelId);
}
