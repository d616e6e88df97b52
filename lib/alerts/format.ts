import { METRICS, type MetricId } from "./metrics";
import type { AlertRule } from "./rule-schema";

/** Seconds as the shortest exact duration text the rule form accepts back: "5m", "90s", "2h", "0". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0";
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** "Queue depth above 50 (queue io*)" / "Failure rate above 10% over 5m, at least 20 tasks". */
export function describeRule(rule: Pick<AlertRule, "metric" | "operator" | "threshold" | "windowSeconds" | "minTasks" | "forSeconds">): string {
  const info = METRICS[rule.metric as MetricId];
  const unit = info.unit === "percent" ? "%" : info.unit === "seconds" ? " s" : info.unit === "mib" ? " MiB" : "";
  const parts = [`${info.label} ${rule.operator} ${rule.threshold}${unit}`];
  if (info.windowed) parts.push(`over ${formatDuration(rule.windowSeconds)}`);
  if (info.counted && rule.minTasks > 0) parts.push(`at least ${rule.minTasks} tasks`);
  if (rule.forSeconds > 0) parts.push(`for ${formatDuration(rule.forSeconds)}`);
  return parts.join(", ");
}

export function describeScope(rule: Pick<AlertRule, "taskPattern" | "queuePattern" | "workerPattern">): string {
  const parts = [
    rule.taskPattern ? `tasks ${rule.taskPattern}` : null,
    rule.queuePattern ? `queues ${rule.queuePattern}` : null,
    rule.workerPattern ? `workers ${rule.workerPattern}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? "everything" : parts.join("; ");
}
