import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "./default-rules";
import { alertRuleInput, newRuleId, silenceInput } from "./rule-schema";

const base = { name: "Deep queue", metric: "queue_depth", operator: "above", threshold: 50, severity: "critical" } as const;

function firstIssue(input: unknown): string | undefined {
  const parsed = alertRuleInput.safeParse(input);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join(".")}: ${issue?.message}`;
}

describe("alert rule schema", () => {
  it("accepts durations as seconds or text and fills defaults", () => {
    const rule = alertRuleInput.parse({ ...base, forSeconds: "2m", clearForSeconds: 30, renotifySeconds: "1h", queuePattern: "  " });
    expect(rule).toMatchObject({ forSeconds: 120, clearForSeconds: 30, renotifySeconds: 3600, windowSeconds: 300, queuePattern: null, enabled: true, channelIds: [] });
  });

  it("refuses a scope that does not apply to the metric, a clear threshold on the wrong side, a percentage over 100", () => {
    expect(firstIssue({ ...base, taskPattern: "app.*" })).toBe("taskPattern: does not apply to queue depth");
    expect(firstIssue({ ...base, clearThreshold: 60 })).toBe("clearThreshold: must be at most the threshold (50)");
    expect(firstIssue({ ...base, metric: "failure_rate", threshold: 110 })).toBe("threshold: must be a percentage (0-100)");
    expect(firstIssue({ ...base, metric: "failure_rate", threshold: 10, windowSeconds: 30 })).toBe("windowSeconds: must be at least 1 minute");
    expect(firstIssue({ ...base, forSeconds: "soon" })).toBe('forSeconds: must be a duration like "90s", "5m" or "2h"');
  });

  it("needs a task name for an enabled beat (task silence) rule", () => {
    expect(firstIssue({ ...base, metric: "task_silence", threshold: 600 })).toBe("taskPattern: name the periodic task to watch (e.g. reports.nightly)");
    expect(firstIssue({ ...base, metric: "task_silence", threshold: 600, enabled: false })).toBeUndefined();
  });

  it("ships the runbook rules, valid, with unique ids, all on", () => {
    expect(new Set(DEFAULT_RULES.map((rule) => rule.id)).size).toBe(DEFAULT_RULES.length);
    for (const { rule } of DEFAULT_RULES) expect(alertRuleInput.safeParse(rule).success).toBe(true);
    expect(DEFAULT_RULES.filter(({ rule }) => rule.enabled === false).map(({ id }) => id)).toEqual([]);
    expect(DEFAULT_RULES.filter(({ rule }) => rule.severity === "critical").map(({ id }) => id)).toEqual([
      "workers-offline",
      "broker-unavailable",
      "failure-rate",
      "queue-depth-critical",
      "beat-stopped",
    ]);
  });

  it("silences for at least a minute and at most 30 days", () => {
    expect(silenceInput.parse({ ruleId: "x", duration: "2h" }).duration).toBe(7200);
    expect(silenceInput.safeParse({ ruleId: "x", duration: "30s" }).success).toBe(false);
    expect(silenceInput.safeParse({ ruleId: "x", duration: "31d" }).success).toBe(false);
  });

  it("makes readable rule ids", () => {
    expect(newRuleId("Reports: nightly > 30 min!", "a1b2")).toBe("reports-nightly-30-min-a1b2");
    expect(newRuleId("!!!", "a1b2")).toBe("rule-a1b2");
  });
});
