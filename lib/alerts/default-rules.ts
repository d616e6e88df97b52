import { alertRuleInput, type AlertRuleInput } from "./rule-schema";

/**
 * The operators' runbook rules, seeded when the rule table is empty. Ids are stable, so the
 * dashboard's badges can link to their rule and README can name them. Windows and `for`
 * durations are the runbook's; clear thresholds give each a hysteresis band.
 */
export const DEFAULT_RULE_IDS = {
  workersOffline: "workers-offline",
  brokerUnavailable: "broker-unavailable",
  failureRate: "failure-rate",
  queueDepthCritical: "queue-depth-critical",
  beatStopped: "beat-stopped",
  queueDepthWarning: "queue-depth-warning",
  avgRuntime: "avg-runtime",
  workerCpu: "worker-cpu",
  workerMemory: "worker-memory",
  retryRate: "retry-rate",
} as const;

type DefaultRule = { id: string; rule: AlertRuleInput };

const HOUR = 3600;

function rule(id: string, input: Parameters<typeof alertRuleInput.parse>[0]): DefaultRule {
  return { id, rule: alertRuleInput.parse(input) };
}

export const DEFAULT_RULES: readonly DefaultRule[] = [
  rule(DEFAULT_RULE_IDS.workersOffline, {
    name: "All workers offline",
    description: "Every worker Bloom knows is offline: nothing consumes tasks.",
    metric: "workers_online",
    operator: "below",
    threshold: 1,
    forSeconds: 60,
    renotifySeconds: HOUR,
    severity: "critical",
  }),
  rule(DEFAULT_RULE_IDS.brokerUnavailable, {
    name: "Broker unavailable",
    description: "The ingest process cannot reach the broker: no events, no remote control, probably no task traffic.",
    metric: "broker_unavailable",
    operator: "above",
    threshold: 0,
    forSeconds: 30,
    renotifySeconds: HOUR,
    severity: "critical",
  }),
  rule(DEFAULT_RULE_IDS.failureRate, {
    name: "Failure rate above 10%",
    description: "More than 10% of the tasks that finished in the last 5 minutes failed (success rate below 90%).",
    metric: "failure_rate",
    operator: "above",
    threshold: 10,
    clearThreshold: 8,
    windowSeconds: 300,
    minTasks: 20,
    forSeconds: 60,
    clearForSeconds: 120,
    renotifySeconds: HOUR,
    severity: "critical",
  }),
  rule(DEFAULT_RULE_IDS.queueDepthCritical, {
    name: "Queue depth above 50",
    description: "A queue holds more than 50 waiting messages.",
    metric: "queue_depth",
    operator: "above",
    threshold: 50,
    clearThreshold: 40,
    forSeconds: 60,
    clearForSeconds: 60,
    renotifySeconds: HOUR,
    severity: "critical",
  }),
  rule(DEFAULT_RULE_IDS.beatStopped, {
    name: "Beat stopped",
    description:
      "Every periodic task that Bloom has seen run missed its last run (the Beat page's verdict: schedules from the workers' conf, django-celery-beat or RedBeat, matched against the tasks beat sent). To watch one task instead, add a rule on \"Task not seen (beat)\".",
    metric: "beat_stopped",
    operator: "above",
    threshold: 0,
    forSeconds: 60,
    renotifySeconds: HOUR,
    severity: "critical",
  }),
  rule(DEFAULT_RULE_IDS.queueDepthWarning, {
    name: "Queue depth above 10",
    description: "A queue holds more than 10 waiting messages.",
    metric: "queue_depth",
    operator: "above",
    threshold: 10,
    clearThreshold: 5,
    forSeconds: 120,
    clearForSeconds: 60,
    severity: "warning",
  }),
  rule(DEFAULT_RULE_IDS.avgRuntime, {
    name: "Average task time above 10 s",
    description: "Tasks that succeeded in the last 5 minutes took more than 10 s on average. Scope long jobs out, or give them their own rule (e.g. 30 min).",
    metric: "avg_runtime",
    operator: "above",
    threshold: 10,
    clearThreshold: 8,
    windowSeconds: 300,
    minTasks: 5,
    forSeconds: 120,
    clearForSeconds: 120,
    severity: "warning",
  }),
  rule(DEFAULT_RULE_IDS.workerCpu, {
    name: "Worker CPU above 80%",
    description: "An online worker's main process used more than 80% of a core (average since it started).",
    metric: "worker_cpu",
    operator: "above",
    threshold: 80,
    clearThreshold: 70,
    forSeconds: 300,
    clearForSeconds: 120,
    severity: "warning",
  }),
  rule(DEFAULT_RULE_IDS.workerMemory, {
    name: "Worker memory above 1.6 GiB",
    description: "An online worker's peak resident memory passed 1638 MiB (80% of the 2 GiB the dashboard calls critical).",
    metric: "worker_memory",
    operator: "above",
    threshold: 1638,
    clearThreshold: 1536,
    forSeconds: 300,
    clearForSeconds: 120,
    severity: "warning",
  }),
  rule(DEFAULT_RULE_IDS.retryRate, {
    name: "Retry rate above 5%",
    description: "More than 5% of task executions in the last 5 minutes ended in a retry.",
    metric: "retry_rate",
    operator: "above",
    threshold: 5,
    clearThreshold: 4,
    windowSeconds: 300,
    minTasks: 20,
    forSeconds: 120,
    clearForSeconds: 120,
    severity: "warning",
  }),
];
