/**
 * What an alert rule can measure. Each metric names where its value comes from (the
 * evaluator reads one signal per kind per tick), which scope patterns apply to it, and how
 * to print its values. Pure data: the console's forms, the zod schemas and the evaluator
 * all read this one table.
 */
export const METRIC_IDS = [
  "workers_online",
  "broker_unavailable",
  "failure_rate",
  "success_rate",
  "retry_rate",
  "avg_runtime",
  "queue_depth",
  "worker_cpu",
  "worker_memory",
  "task_silence",
  "beat_stopped",
] as const;

export type MetricId = (typeof METRIC_IDS)[number];

export type ScopeKind = "task" | "queue" | "worker";

export type MetricUnit = "count" | "percent" | "seconds" | "mib" | "flag";

export type MetricInfo = {
  label: string;
  /** one line for the rule form */
  help: string;
  unit: MetricUnit;
  /** the scope patterns that narrow it (others are ignored and refused by the schema) */
  scopes: readonly ScopeKind[];
  /** reads a time window (rollups); otherwise the latest value */
  windowed: boolean;
  /** rates: "at least N tasks in the window" applies */
  counted: boolean;
};

export const METRICS: Record<MetricId, MetricInfo> = {
  workers_online: {
    label: "Workers online",
    help: "Online workers matching the worker pattern; no value until Bloom has seen a matching worker.",
    unit: "count",
    scopes: ["worker"],
    windowed: false,
    counted: false,
  },
  broker_unavailable: {
    label: "Broker unavailable",
    help: "1 while the active ingest process is not connected to the broker, else 0.",
    unit: "flag",
    scopes: [],
    windowed: false,
    counted: false,
  },
  failure_rate: {
    label: "Failure rate",
    help: "Failed share of finished tasks (succeeded + failed) in the window, %.",
    unit: "percent",
    scopes: ["task"],
    windowed: true,
    counted: true,
  },
  success_rate: {
    label: "Success rate",
    help: "Succeeded share of finished tasks in the window, %.",
    unit: "percent",
    scopes: ["task"],
    windowed: true,
    counted: true,
  },
  retry_rate: {
    label: "Retry rate",
    help: "Retries as a share of executions (succeeded + failed + retried) in the window, %.",
    unit: "percent",
    scopes: ["task"],
    windowed: true,
    counted: true,
  },
  avg_runtime: {
    label: "Average task time",
    help: "Average runtime of the tasks that succeeded in the window, seconds.",
    unit: "seconds",
    scopes: ["task"],
    windowed: true,
    counted: true,
  },
  queue_depth: {
    label: "Queue depth",
    help: "Messages waiting in the deepest matching queue (latest sample).",
    unit: "count",
    scopes: ["queue"],
    windowed: false,
    counted: false,
  },
  worker_cpu: {
    label: "Worker CPU",
    help: "Highest CPU among online matching workers, % of one core (Celery's rusage since start).",
    unit: "percent",
    scopes: ["worker"],
    windowed: false,
    counted: false,
  },
  worker_memory: {
    label: "Worker memory",
    help: "Highest peak resident memory among online matching workers, MiB (Celery reports no limit to take a % of).",
    unit: "mib",
    scopes: ["worker"],
    windowed: false,
    counted: false,
  },
  beat_stopped: {
    label: "Beat stopped",
    help: "1 when every periodic task Bloom has seen run missed its last run (the Beat page's verdict), else 0; no value until one has run.",
    unit: "flag",
    scopes: [],
    windowed: false,
    counted: false,
  },
  task_silence: {
    label: "Task not seen (beat)",
    help: "Seconds since a task matching the task pattern was last sent or received; a periodic task's silence means beat stopped.",
    unit: "seconds",
    scopes: ["task"],
    windowed: false,
    counted: false,
  },
};

export function formatMetricValue(metric: MetricId, value: number | null): string {
  if (value === null) return "no data";
  const unit = METRICS[metric].unit;
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  switch (unit) {
    case "percent":
      return `${rounded}%`;
    case "seconds":
      return `${rounded} s`;
    case "mib":
      return `${Math.round(value)} MiB`;
    case "flag":
      return value > 0 ? "yes" : "no";
    case "count":
      return rounded;
  }
}
