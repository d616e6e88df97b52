import { z } from "zod";
import { formatMetricValue, METRICS } from "./metrics";
import type { Subject } from "./observe";
import type { AlertRule } from "./rule-schema";
import { SEVERITIES } from "./rule-schema";

/**
 * One notification, independent of where it goes: stored with each delivery (so the log
 * shows what was sent and a retry sends the same thing) and rendered per channel by
 * lib/alerts/payloads. Validated when read back, like any stored JSON.
 */
export const MESSAGE_KINDS = ["fired", "resolved", "reminder", "test"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const alertMessage = z.object({
  kind: z.enum(MESSAGE_KINDS),
  ruleId: z.string(),
  ruleName: z.string(),
  severity: z.enum(SEVERITIES),
  metric: z.string(),
  /** e.g. "Failure rate above 10%" in words: "above 10%" */
  condition: z.string(),
  value: z.number().nullable(),
  /** the value printed with its unit */
  valueText: z.string(),
  summary: z.string(),
  subjects: z.array(z.object({ name: z.string(), value: z.string() })),
  /** epoch ms */
  firedAt: z.number().nullable(),
  at: z.number(),
  /** link to the rule in the console; null when BLOOM_ALERT_BASE_URL is unset */
  url: z.string().nullable(),
});

export type AlertMessage = z.infer<typeof alertMessage>;

type RuleForMessage = Pick<AlertRule, "id" | "name" | "severity" | "metric" | "operator" | "threshold">;

export function conditionText(rule: Pick<AlertRule, "metric" | "operator" | "threshold">): string {
  return `${rule.operator} ${formatMetricValue(rule.metric, rule.threshold)}`;
}

export function ruleUrl(baseUrl: string | undefined, ruleId: string): string | null {
  return baseUrl ? `${baseUrl}/alerts/rules/${encodeURIComponent(ruleId)}` : null;
}

export function buildMessage(
  kind: MessageKind,
  rule: RuleForMessage,
  observed: { value: number | null; summary: string; subjects: Subject[] },
  times: { firedAt: number | null; at: number },
  baseUrl: string | undefined,
): AlertMessage {
  return {
    kind,
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    metric: rule.metric,
    condition: conditionText(rule),
    value: observed.value,
    valueText: formatMetricValue(rule.metric, observed.value),
    summary: observed.summary,
    subjects: observed.subjects,
    firedAt: times.firedAt,
    at: times.at,
    url: ruleUrl(baseUrl, rule.id),
  };
}

/** The sample a "send test notification" delivers: clearly a test, shaped like the real thing. */
export function testMessage(channelName: string, at: number, baseUrl: string | undefined): AlertMessage {
  return {
    kind: "test",
    ruleId: "test",
    ruleName: "Test notification",
    severity: "warning",
    metric: "queue_depth",
    condition: `above ${formatMetricValue("queue_depth", 10)}`,
    value: 12,
    valueText: formatMetricValue("queue_depth", 12),
    summary: `A test from Bloom to the channel "${channelName}": if you read this, alerts reach you here.`,
    subjects: [{ name: "celery", value: "12" }],
    firedAt: at,
    at,
    url: baseUrl ? `${baseUrl}/alerts` : null,
  };
}

/** "[CRITICAL] Failure rate above 10% is firing" — the one-line title every channel uses. */
export function titleOf(message: AlertMessage): string {
  const state = { fired: "is firing", reminder: "is still firing", resolved: "is resolved", test: "(test)" }[message.kind];
  return `[${message.severity.toUpperCase()}] ${message.ruleName} ${state}`;
}

export function metricLabel(metric: string): string {
  return metric in METRICS ? METRICS[metric as keyof typeof METRICS].label : metric;
}
