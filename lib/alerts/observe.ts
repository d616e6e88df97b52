import { formatMetricValue, METRICS, type MetricId } from "./metrics";
import { makeMatcher } from "./patterns";
import type { AlertRule } from "./rule-schema";
import type { RollupTotal, SignalSnapshot } from "./signals";

/**
 * One rule's value now, from the tick's signal snapshot. `value` null means "no data"
 * (nothing matches the scope, too few tasks in the window): a rule never fires on it.
 * `subjects` name what is behind the value (the deep queues, the offline workers, the
 * failing task names), worst first, for the notification and the console.
 */
export type Subject = { name: string; value: string };

export type Observation = { value: number | null; summary: string; subjects: Subject[] };

const MAX_SUBJECTS = 10;
const MIB = 1024 * 1024;

type RuleView = Pick<AlertRule, "id" | "metric" | "operator" | "threshold" | "windowSeconds" | "minTasks" | "taskPattern" | "queuePattern" | "workerPattern">;

export function observe(rule: RuleView, snapshot: SignalSnapshot): Observation {
  switch (rule.metric) {
    case "workers_online":
      return workersOnline(rule, snapshot);
    case "broker_unavailable":
      return brokerUnavailable(snapshot);
    case "failure_rate":
    case "success_rate":
    case "retry_rate":
    case "avg_runtime":
      return fromRollups(rule, snapshot.rollups.get(rule.windowSeconds) ?? []);
    case "queue_depth":
      return queueDepth(rule, snapshot);
    case "worker_cpu":
    case "worker_memory":
      return workerResource(rule, snapshot);
    case "task_silence":
      return taskSilence(rule, snapshot);
    case "beat_stopped":
      return beatStopped(snapshot);
  }
}

function beatStopped(snapshot: SignalSnapshot): Observation {
  const beat = snapshot.beat;
  if (!beat || beat.state === "none" || beat.state === "not-seen") return { value: null, summary: beat?.message ?? "beat's schedule could not be read", subjects: [] };
  return { value: beat.state === "stopped" ? 1 : 0, summary: beat.message, subjects: [] };
}

function workersOnline(rule: RuleView, snapshot: SignalSnapshot): Observation {
  const matches = makeMatcher(rule.workerPattern);
  const workers = snapshot.workers.filter((worker) => matches(worker.hostname));
  if (workers.length === 0) return { value: null, summary: "no matching worker seen yet", subjects: [] };
  const online = workers.filter((worker) => worker.online).length;
  const offline = workers.filter((worker) => !worker.online);
  return {
    value: online,
    summary: `${online} of ${workers.length} workers online`,
    subjects: offline.slice(0, MAX_SUBJECTS).map((worker) => ({ name: worker.hostname, value: "offline" })),
  };
}

function brokerUnavailable(snapshot: SignalSnapshot): Observation {
  const broker = snapshot.broker;
  if (!broker || broker.state === "unknown") return { value: null, summary: "no ingest process reports the broker", subjects: [] };
  if (broker.state === "connected") return { value: 0, summary: "broker connected", subjects: [] };
  return { value: 1, summary: `broker ${broker.state}${broker.error ? `: ${broker.error}` : ""}`, subjects: [] };
}

type Tally = { succeeded: number; failed: number; retried: number; runtimeSum: number };

function fromRollups(rule: RuleView, rows: readonly RollupTotal[]): Observation {
  const matches = makeMatcher(rule.taskPattern);
  const byName = new Map<string, Tally>();
  const total: Tally = { succeeded: 0, failed: 0, retried: 0, runtimeSum: 0 };
  for (const row of rows) {
    if (!matches(row.name)) continue;
    const tally = byName.get(row.name) ?? { succeeded: 0, failed: 0, retried: 0, runtimeSum: 0 };
    byName.set(row.name, tally);
    for (const target of [tally, total]) {
      if (row.state === "SUCCESS") {
        target.succeeded += row.count;
        target.runtimeSum += row.runtimeSum;
      } else if (row.state === "FAILURE") target.failed += row.count;
      else if (row.state === "RETRY") target.retried += row.count;
    }
  }
  const window = `last ${describeWindow(rule.windowSeconds)}`;
  const metric = rule.metric;
  const base = metric === "retry_rate" ? executions(total) : metric === "avg_runtime" ? total.succeeded : total.succeeded + total.failed;
  const noun = metric === "retry_rate" ? "executions" : metric === "avg_runtime" ? "succeeded tasks" : "finished tasks";
  if (base === 0 || base < rule.minTasks) {
    return { value: null, summary: `${base} ${noun} in the ${window} (at least ${Math.max(rule.minTasks, 1)} needed)`, subjects: [] };
  }
  const value = valueOf(metric, total);
  const subjects = [...byName.entries()]
    .map(([name, tally]) => ({ name, tally, value: valueOf(metric, tally) }))
    .filter((entry): entry is { name: string; tally: Tally; value: number } => entry.value !== null)
    .sort((a, b) => (rule.operator === "above" ? b.value - a.value : a.value - b.value) || a.name.localeCompare(b.name))
    .slice(0, MAX_SUBJECTS)
    .map((entry) => ({ name: entry.name, value: `${formatMetricValue(metric, entry.value)} (${countsOf(metric, entry.tally)})` }));
  return { value, summary: `${METRICS[metric].label} ${formatMetricValue(metric, value)} over the ${window} (${countsOf(metric, total)})`, subjects };
}

function executions(tally: Tally): number {
  return tally.succeeded + tally.failed + tally.retried;
}

function valueOf(metric: MetricId, tally: Tally): number | null {
  const finished = tally.succeeded + tally.failed;
  switch (metric) {
    case "failure_rate":
      return finished === 0 ? null : (tally.failed / finished) * 100;
    case "success_rate":
      return finished === 0 ? null : (tally.succeeded / finished) * 100;
    case "retry_rate":
      return executions(tally) === 0 ? null : (tally.retried / executions(tally)) * 100;
    case "avg_runtime":
      return tally.succeeded === 0 ? null : tally.runtimeSum / tally.succeeded;
    default:
      return null;
  }
}

function countsOf(metric: MetricId, tally: Tally): string {
  if (metric === "retry_rate") return `${tally.retried} retried of ${executions(tally)}`;
  if (metric === "avg_runtime") return `${tally.succeeded} succeeded`;
  return `${tally.failed} failed of ${tally.succeeded + tally.failed}`;
}

function queueDepth(rule: RuleView, snapshot: SignalSnapshot): Observation {
  const matches = makeMatcher(rule.queuePattern);
  const queues = snapshot.queues.filter((queue) => matches(queue.queue)).sort((a, b) => b.depth - a.depth || a.queue.localeCompare(b.queue));
  const deepest = queues[0];
  if (!deepest) return { value: null, summary: "no recent sample of a matching queue", subjects: [] };
  return {
    value: deepest.depth,
    summary: `${deepest.queue} has ${deepest.depth} waiting message${deepest.depth === 1 ? "" : "s"}`,
    subjects: queues.slice(0, MAX_SUBJECTS).map((queue) => ({ name: queue.queue, value: String(queue.depth) })),
  };
}

function workerResource(rule: RuleView, snapshot: SignalSnapshot): Observation {
  const matches = makeMatcher(rule.workerPattern);
  const cpu = rule.metric === "worker_cpu";
  const measured = snapshot.workers
    .filter((worker) => worker.online && matches(worker.hostname))
    .map((worker) => ({ hostname: worker.hostname, value: cpu ? worker.cpuPercent : worker.memoryBytes === null ? null : worker.memoryBytes / MIB }))
    .filter((entry): entry is { hostname: string; value: number } => entry.value !== null)
    .sort((a, b) => b.value - a.value || a.hostname.localeCompare(b.hostname));
  const top = measured[0];
  if (!top) return { value: null, summary: "no online matching worker has reported its resources", subjects: [] };
  return {
    value: top.value,
    summary: `${top.hostname}: ${cpu ? "CPU" : "memory"} ${formatMetricValue(rule.metric, top.value)}`,
    subjects: measured.slice(0, MAX_SUBJECTS).map((entry) => ({ name: entry.hostname, value: formatMetricValue(rule.metric, entry.value) })),
  };
}

function taskSilence(rule: RuleView, snapshot: SignalSnapshot): Observation {
  const signal = snapshot.silence.get(rule.id);
  if (!signal || !signal.everSeen) return { value: null, summary: "Bloom has never seen a matching task", subjects: [] };
  if (signal.lastSeenAt === null) {
    return { value: signal.lookbackSeconds, summary: `no matching task sent for more than ${describeWindow(signal.lookbackSeconds)}`, subjects: [] };
  }
  const seconds = Math.max(0, (snapshot.now - signal.lastSeenAt) / 1000);
  return { value: seconds, summary: `last matching task sent ${describeWindow(Math.round(seconds))} ago`, subjects: [] };
}

/** "5 min", "90 s", "2 h" — for summaries. */
export function describeWindow(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
