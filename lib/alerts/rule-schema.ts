import { z } from "zod";
import { parseDurationSeconds } from "@/lib/config/duration";
import { METRIC_IDS, METRICS, type MetricId } from "./metrics";
import type { Operator } from "./state-machine";

/**
 * Alert rules as stored and as admins submit them, validated with zod at the boundary
 * (server actions, REST, the seed). Durations accept seconds or "90s" / "5m" / "2h" / "1d".
 */
export const SEVERITIES = ["critical", "warning"] as const;
export type Severity = (typeof SEVERITIES)[number];

const DAY = 86_400;

/** Seconds, from a number or a duration string; "0"/"off" are 0. */
export function durationField(max: number) {
  return z.union([z.number(), z.string()]).transform((value, ctx) => {
    const seconds = typeof value === "number" ? value : value.trim() === "" ? 0 : parseDurationSeconds(value);
    if (seconds === undefined || !Number.isFinite(seconds ?? 0) || (seconds ?? 0) < 0) {
      ctx.addIssue({ code: "custom", message: 'must be a duration like "90s", "5m" or "2h"' });
      return z.NEVER;
    }
    const whole = Math.round(seconds ?? 0);
    if (whole > max) {
      ctx.addIssue({ code: "custom", message: `must be at most ${max / 3600} h` });
      return z.NEVER;
    }
    return whole;
  });
}

/** A glob list; blank means "everything" and is stored as null. */
const pattern = z
  .string()
  .trim()
  .max(500, "must be at most 500 characters")
  .nullish()
  .transform((value) => (value ? value : null));

const finite = z.number({ error: "must be a number" }).finite("must be a number");

export const alertRuleInput = z
  .object({
    name: z.string().trim().min(1, "is required").max(120, "must be at most 120 characters"),
    description: z.string().trim().max(1000).default(""),
    metric: z.enum(METRIC_IDS),
    operator: z.enum(["above", "below"]),
    threshold: finite,
    clearThreshold: finite.nullish().transform((value) => value ?? null),
    windowSeconds: durationField(7 * DAY).default(300),
    minTasks: z.number().int("must be a whole number").min(0).max(1_000_000).default(0),
    forSeconds: durationField(DAY).default(0),
    clearForSeconds: durationField(DAY).default(0),
    renotifySeconds: durationField(7 * DAY).default(0),
    severity: z.enum(SEVERITIES),
    taskPattern: pattern,
    queuePattern: pattern,
    workerPattern: pattern,
    enabled: z.boolean().default(true),
    channelIds: z.array(z.string().min(1).max(100)).max(20).default([]),
  })
  .superRefine((rule, ctx) => {
    const info = METRICS[rule.metric];
    const scoped = { task: rule.taskPattern, queue: rule.queuePattern, worker: rule.workerPattern } as const;
    for (const kind of ["task", "queue", "worker"] as const) {
      if (scoped[kind] !== null && !info.scopes.includes(kind)) {
        ctx.addIssue({ code: "custom", path: [`${kind}Pattern`], message: `does not apply to ${info.label.toLowerCase()}` });
      }
    }
    if (info.unit === "percent" && rule.metric !== "worker_cpu" && (rule.threshold < 0 || rule.threshold > 100)) {
      ctx.addIssue({ code: "custom", path: ["threshold"], message: "must be a percentage (0-100)" });
    }
    if (rule.clearThreshold !== null) {
      const safe = rule.operator === "above" ? rule.clearThreshold <= rule.threshold : rule.clearThreshold >= rule.threshold;
      if (!safe) {
        ctx.addIssue({ code: "custom", path: ["clearThreshold"], message: `must be ${rule.operator === "above" ? "at most" : "at least"} the threshold (${rule.threshold})` });
      }
    }
    if (info.windowed && rule.windowSeconds < 60) {
      // Rollups are per minute: a shorter window would read a partial minute as the whole.
      ctx.addIssue({ code: "custom", path: ["windowSeconds"], message: "must be at least 1 minute" });
    }
    if (rule.metric === "task_silence" && rule.enabled && rule.taskPattern === null) {
      ctx.addIssue({ code: "custom", path: ["taskPattern"], message: "name the periodic task to watch (e.g. reports.nightly)" });
    }
    if (new Set(rule.channelIds).size !== rule.channelIds.length) ctx.addIssue({ code: "custom", path: ["channelIds"], message: "lists a channel twice" });
  });

export type AlertRuleInput = z.output<typeof alertRuleInput>;

/** A rule as the evaluator and the console see it. Times are epoch ms. */
export type AlertRule = AlertRuleInput & {
  id: string;
  metric: MetricId;
  operator: Operator;
  severity: Severity;
  builtin: boolean;
  silencedUntil: number | null;
  silencedBy: string | null;
  silenceReason: string | null;
  updatedAt: number;
  updatedBy: string | null;
};

export function isSilenced(rule: Pick<AlertRule, "silencedUntil">, now: number): boolean {
  return rule.silencedUntil !== null && rule.silencedUntil > now;
}

export const ruleIdParam = z.string().trim().min(1).max(100);

export const silenceInput = z.object({
  ruleId: ruleIdParam,
  /** how long; at most 30 days, so nobody silences a critical rule forever by accident */
  duration: durationField(30 * DAY).refine((seconds) => seconds >= 60, "must be at least 1 minute"),
  reason: z.string().trim().max(500).default(""),
});

export const ruleRefInput = z.object({ ruleId: ruleIdParam });

export const updateRuleInput = z.object({ ruleId: ruleIdParam, rule: alertRuleInput });

/** A new rule's id: readable in URLs, unique by its suffix. */
export function newRuleId(name: string, random: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return `${slug || "rule"}-${random}`;
}
