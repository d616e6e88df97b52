import type { JsonValue } from "@/lib/celery/json-value";
import { ConfigError } from "@/lib/config/config-error";
import { loadHealthThresholds, type HealthThresholds } from "@/lib/config/health-thresholds";
import { loadSettings, type Settings } from "@/lib/config/settings";
import { effectiveRaw, sourceReader, type SettingSource } from "@/lib/config/setting-sources";
import { listWorkerConfs } from "@/lib/repositories/worker-reads";
import { maskSecrets } from "@/lib/security/mask-secrets";
import { readWorkerConf } from "@/lib/workers/inspect-snapshots";

export type SettingEntry = {
  name: string;
  /** the environment variable that sets it */
  env: string;
  value: JsonValue;
  /** how to read a number: durations are seconds, sizes bytes */
  unit?: "seconds" | "bytes";
  /** where the value came from: the command line, the environment, a --conf file, or the default */
  source: SettingSource;
};

/** Workers reporting the same conf are shown once, with all their names. */
export type CeleryConfGroup = { hostnames: string[]; inspectedAt: number | null; conf: Record<string, JsonValue> };

export type EffectiveConfig = {
  settings: SettingEntry[];
  /** set when the environment does not validate (then `settings` is empty) */
  settingsError: string | null;
  celery: CeleryConfGroup[];
};

/** Bloom's setting → the variable an admin changes; compile-time complete for every setting. */
const SETTING_ENV = {
  databaseUrl: "DATABASE_URL",
  brokerUrl: "CELERY_BROKER_URL",
  port: "BLOOM_PORT",
  address: "BLOOM_ADDRESS",
  dataDir: "BLOOM_DATA_DIR",
  embeddedPostgresPort: "BLOOM_EMBEDDED_PG_PORT",
  logLevel: "LOG_LEVEL",
  resultBackendUrl: "CELERY_RESULT_BACKEND",
  enableEvents: "BLOOM_ENABLE_EVENTS",
  amqpQueue: "BLOOM_AMQP_QUEUE",
  beatDatabaseUrl: "BLOOM_BEAT_DATABASE_URL",
  redbeatUrl: "BLOOM_REDBEAT_URL",
  redbeatKeyPrefix: "BLOOM_REDBEAT_KEY_PREFIX",
  importResults: "BLOOM_IMPORT_RESULTS",
  "retention.maxTasks": "BLOOM_MAX_TASKS",
  "retention.taskMaxAge": "BLOOM_TASK_MAX_AGE",
  "retention.failedTaskMaxAge": "BLOOM_FAILED_TASK_MAX_AGE",
  "retention.workerOfflineMaxAge": "BLOOM_WORKER_OFFLINE_MAX_AGE",
  "housekeeping.auditMaxAge": "BLOOM_AUDIT_MAX_AGE",
  "housekeeping.alertHistoryMaxAge": "BLOOM_ALERT_HISTORY_MAX_AGE",
  "housekeeping.alertDeliveryMaxAge": "BLOOM_ALERT_DELIVERY_MAX_AGE",
  urlPrefix: "BLOOM_URL_PREFIX",
  brokerApiUrl: "BLOOM_BROKER_API",
  inspectTimeoutMs: "BLOOM_INSPECT_TIMEOUT",
  naturalTime: "BLOOM_NATURAL_TIME",
  tasksColumns: "BLOOM_TASKS_COLUMNS",
  readOnly: "BLOOM_READ_ONLY",
  taskRuntimeMetricBuckets: "BLOOM_TASK_RUNTIME_METRIC_BUCKETS",
  alertInterval: "BLOOM_ALERT_INTERVAL",
  alertBaseUrl: "BLOOM_ALERT_BASE_URL",
  smtpHost: "BLOOM_SMTP_HOST",
  smtpPort: "BLOOM_SMTP_PORT",
  smtpSecure: "BLOOM_SMTP_SECURE",
  smtpUser: "BLOOM_SMTP_USER",
  smtpPassword: "BLOOM_SMTP_PASSWORD",
  smtpFrom: "BLOOM_SMTP_FROM",
} as const satisfies Record<
  Exclude<keyof Settings, "retention" | "housekeeping"> | `retention.${keyof Settings["retention"]}` | `housekeeping.${keyof Settings["housekeeping"]}`,
  string
>;

const THRESHOLD_ENV = {
  successRate: "BLOOM_HEALTH_SUCCESS_RATE",
  queueLength: "BLOOM_HEALTH_QUEUE_LENGTH",
  taskTime: "BLOOM_HEALTH_TASK_TIME",
  workerCpu: "BLOOM_HEALTH_WORKER_CPU",
  workerMemory: "BLOOM_HEALTH_WORKER_MEMORY",
} as const satisfies Record<keyof HealthThresholds, string>;

/** Bloom's own settings (as this web process sees them) and the Celery conf workers reported, secrets masked. */
export async function getEffectiveConfig(env: Readonly<Record<string, string | undefined>> = process.env): Promise<EffectiveConfig> {
  const confs = await listWorkerConfs();
  let settings: SettingEntry[] = [];
  let settingsError: string | null = null;
  try {
    const sourceOf = sourceReader(env);
    settings = [...settingEntries(loadSettings(env), sourceOf), ...thresholdEntries(loadHealthThresholds(env), sourceOf), ...signInEntries(env, sourceOf)];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    settingsError = error.message;
  }
  return { settings, settingsError, celery: groupConfs(confs.map((row) => ({ hostname: row.hostname, inspectedAt: row.inspectedAt?.getTime() ?? null, conf: readWorkerConf(row.conf, row.hostname) }))) };
}

/**
 * Sign-in variables as given (validated at start-up by the sign-in settings), masked: the
 * config page shows what was set and where, not how the sign-in code interprets it.
 */
const SIGN_IN_ENV = [
  "BLOOM_BASIC_AUTH",
  "BLOOM_AUTH_EMAILS",
  "BLOOM_AUTH_PROVIDER",
  "BLOOM_OAUTH2_KEY",
  "BLOOM_OAUTH2_SECRET",
  "BLOOM_OAUTH2_REDIRECT_URI",
  "NEXTAUTH_SECRET",
] as const;

function signInEntries(env: Readonly<Record<string, string | undefined>>, sourceOf: (env: string) => SettingSource): SettingEntry[] {
  return SIGN_IN_ENV.map((name) => ({
    name: `auth.${name.replace(/^(BLOOM|NEXTAUTH)_/, "").toLowerCase()}`,
    env: name,
    value: maskSecrets(effectiveRaw(name, env) ?? null, name),
    source: sourceOf(name),
  }));
}

export function settingEntries(settings: Settings, sourceOf: (env: string) => SettingSource = sourceReader(process.env)): SettingEntry[] {
  const { retention, housekeeping, ...top } = settings;
  const flat: Record<keyof typeof SETTING_ENV, JsonValue> = {
    ...Object.fromEntries(Object.entries(top).map(([key, value]) => [key, value ?? null])),
    ...Object.fromEntries(Object.entries(retention).map(([key, value]) => [`retention.${key}`, value])),
    ...Object.fromEntries(Object.entries(housekeeping).map(([key, value]) => [`housekeeping.${key}`, value])),
  } as Record<keyof typeof SETTING_ENV, JsonValue>;
  return (Object.keys(SETTING_ENV) as (keyof typeof SETTING_ENV)[]).map((name) => ({
    name,
    env: SETTING_ENV[name],
    value: maskSecrets(flat[name] ?? null, SETTING_ENV[name]),
    source: sourceOf(SETTING_ENV[name]),
    ...(name.endsWith("MaxAge") ? { unit: "seconds" as const } : {}),
  }));
}

function thresholdEntries(thresholds: HealthThresholds, sourceOf: (env: string) => SettingSource): SettingEntry[] {
  return (Object.keys(THRESHOLD_ENV) as (keyof HealthThresholds)[]).flatMap((metric) =>
    (["warning", "critical"] as const).map((level) => ({
      name: `health.${metric}.${level}`,
      env: `${THRESHOLD_ENV[metric]}_${level.toUpperCase()}`,
      value: thresholds[metric][level],
      source: sourceOf(`${THRESHOLD_ENV[metric]}_${level.toUpperCase()}`),
      ...(metric === "workerMemory" ? { unit: "bytes" as const } : metric === "taskTime" ? { unit: "seconds" as const } : {}),
    })),
  );
}

export function groupConfs(rows: readonly { hostname: string; inspectedAt: number | null; conf: Record<string, JsonValue> | null }[]): CeleryConfGroup[] {
  const groups = new Map<string, CeleryConfGroup>();
  for (const row of rows) {
    if (row.conf === null) continue;
    const conf = maskSecrets(row.conf) as Record<string, JsonValue>;
    const key = stableJson(conf);
    const group = groups.get(key);
    if (group) {
      group.hostnames.push(row.hostname);
      group.inspectedAt = Math.max(group.inspectedAt ?? 0, row.inspectedAt ?? 0) || null;
    } else {
      groups.set(key, { hostnames: [row.hostname], inspectedAt: row.inspectedAt, conf });
    }
  }
  return [...groups.values()];
}

/** JSON with sorted keys, so two workers' identical confs compare equal whatever their key order. */
function stableJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key] ?? null)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
