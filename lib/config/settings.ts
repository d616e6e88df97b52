import { z } from "zod";
import { ConfigError } from "./config-error";
import { parseDurationSeconds } from "./duration";
import { flowerEnvSynonyms } from "./flower-options";
import { TASK_COLUMNS, DEFAULT_TASK_COLUMNS, type TaskColumn } from "@/lib/schemas/task-columns";

/**
 * Bloom's process settings, read once from the environment at start-up and validated.
 * Everything downstream receives a typed `Settings`, never `process.env`.
 */

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be a URL like postgresql://user:password@host:5432/bloom");

const brokerUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value.split(";")[0] ?? value);
      return ["redis:", "rediss:", "sentinel:", "amqp:", "amqps:", "pyamqp:"].includes(url.protocol);
    } catch {
      return false;
    }
  }, "must be a redis://, rediss://, sentinel://, amqp:// or amqps:// URL (e.g. redis://localhost:6379/0)");

const port = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be between 1 and 65535")
  .max(65535, "must be between 1 and 65535");

const duration = z
  .string()
  .transform((value, ctx) => {
    const seconds = parseDurationSeconds(value);
    if (seconds === undefined) {
      ctx.addIssue({ code: "custom", message: 'must be a duration like "30d", "12h", "90m" or "off"' });
      return z.NEVER;
    }
    return seconds;
  });

/** "true/yes/on/1" or "false/no/off/0", as environment variables spell them. */
export const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value, ctx) => {
    if (["1", "true", "yes", "on"].includes(value)) return true;
    if (["0", "false", "no", "off"].includes(value)) return false;
    ctx.addIssue({ code: "custom", message: "must be true or false" });
    return z.NEVER;
  });

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://guest:guest@localhost:15672/api/" });

/** "flower", "/flower/", "/ops/flower" → "/flower", "/ops/flower"; "" or "/" → no prefix. */
const urlPrefix = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const inner = value.replace(/^\/+|\/+$/g, "");
    if (inner === "") return "";
    if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(inner) || inner.split("/").some((part) => part === "." || part === "..")) {
      ctx.addIssue({ code: "custom", message: 'must be a URL path like "flower" or "/ops/flower" (letters, digits, . _ ~ -)' });
      return z.NEVER;
    }
    return `/${inner}`;
  });

/** Flower's tasks_columns: names from the tasks table, comma-separated. */
const taskColumns = z.string().transform((value, ctx) => {
  const names = [...new Set(value.split(",").map((name) => name.trim()).filter((name) => name !== ""))];
  const unknown = names.filter((name) => !(TASK_COLUMNS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    ctx.addIssue({ code: "custom", message: `${unknown.length > 0 ? `unknown column ${unknown.join(", ")}; ` : ""}must be a comma-separated list of ${TASK_COLUMNS.join(", ")}` });
    return z.NEVER;
  }
  return names as TaskColumn[];
});

/** prometheus_client's Histogram.DEFAULT_BUCKETS, which Flower uses (+Inf is implicit). */
const DEFAULT_RUNTIME_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const metricBuckets = z.string().transform((value, ctx) => {
  const parts = value.split(",").map((part) => part.trim().toLowerCase()).filter((part) => part !== "");
  // prom-client always adds the +Inf bucket; Flower's users write "inf" explicitly.
  const bounds = parts.filter((part) => part !== "inf" && part !== "+inf").map(Number);
  const ascending = bounds.every((bound, index) => index === 0 || bound > (bounds[index - 1] ?? 0));
  if (bounds.length === 0 || bounds.some((bound) => !Number.isFinite(bound) || bound <= 0) || !ascending) {
    ctx.addIssue({ code: "custom", message: 'must be increasing positive numbers of seconds, comma-separated (e.g. "0.1,1,10,inf")' });
    return z.NEVER;
  }
  return bounds;
});

const settingsSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  CELERY_BROKER_URL: brokerUrl.default("redis://localhost:6379/0"),
  BLOOM_PORT: port.default(5555),
  BLOOM_ADDRESS: z.string().trim().min(1).default("127.0.0.1"),
  BLOOM_DATA_DIR: z.string().trim().min(1).default(".bloom"),
  BLOOM_EMBEDDED_PG_PORT: port.default(54329),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CELERY_RESULT_BACKEND: z.string().trim().optional(),
  BLOOM_MAX_TASKS: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 (no limit) or more").optional(),
  BLOOM_TASK_MAX_AGE: duration.prefault("30d"),
  BLOOM_FAILED_TASK_MAX_AGE: duration.prefault("90d"),
  BLOOM_WORKER_OFFLINE_MAX_AGE: duration.prefault("7d"),
  // Housekeeping records (README "Migrations, backups and retention"): a year of who-did-what
  // covers the usual audit questions; alert history and sent notifications matter for weeks.
  BLOOM_AUDIT_MAX_AGE: duration.prefault("365d"),
  BLOOM_ALERT_HISTORY_MAX_AGE: duration.prefault("90d"),
  BLOOM_ALERT_DELIVERY_MAX_AGE: duration.prefault("90d"),
  BLOOM_ENABLE_EVENTS: booleanFlag.prefault("true"),
  BLOOM_IMPORT_RESULTS: booleanFlag.prefault("false"),
  BLOOM_URL_PREFIX: urlPrefix.prefault(""),
  BLOOM_BROKER_API: httpUrl.optional(),
  BLOOM_INSPECT_TIMEOUT: z.coerce.number({ error: "must be a number of milliseconds" }).finite("must be a number of milliseconds").positive("must be more than 0 milliseconds").max(600_000, "must be at most 600000 (10 minutes)").default(1000),
  BLOOM_NATURAL_TIME: booleanFlag.prefault("false"),
  BLOOM_TASKS_COLUMNS: taskColumns.prefault(DEFAULT_TASK_COLUMNS.join(",")),
  BLOOM_READ_ONLY: booleanFlag.prefault("false"),
  BLOOM_TASK_RUNTIME_METRIC_BUCKETS: metricBuckets.prefault(DEFAULT_RUNTIME_BUCKETS.join(",")),
  BLOOM_AMQP_QUEUE: z.string().trim().min(1).max(255).default("bloom.events"),
  // Beat schedule sources besides the workers' conf (README "Beat schedules")
  BLOOM_BEAT_DATABASE_URL: postgresUrl.optional(),
  BLOOM_REDBEAT_URL: z
    .string()
    .trim()
    .refine((value) => /^rediss?:\/\/[^/]/.test(value), "must be a redis:// or rediss:// URL (RedBeat's redbeat_redis_url)")
    .optional(),
  BLOOM_REDBEAT_KEY_PREFIX: z.string().min(1).default("redbeat:"),
  BLOOM_ALERT_INTERVAL: duration.prefault("5s"),
  BLOOM_ALERT_BASE_URL: z.url({ protocol: /^https?$/, error: "must be the console's http(s):// address" }).optional(),
  BLOOM_SMTP_HOST: z.string().trim().min(1).optional(),
  BLOOM_SMTP_PORT: port.default(587),
  BLOOM_SMTP_SECURE: booleanFlag.prefault("false"),
  BLOOM_SMTP_USER: z.string().optional(),
  BLOOM_SMTP_PASSWORD: z.string().optional(),
  BLOOM_SMTP_FROM: z.string().trim().min(3).optional(),
});

/** Every variable the schema reads (lib/config/env-example.test.ts checks .env.example has them). */
export const SETTINGS_VARIABLES: readonly string[] = Object.keys(settingsSchema.shape);

/** Defaults as --help shows them, for the variables the `bloom` CLI sets (unset ones are absent). */
export const BLOOM_DEFAULTS: Readonly<Record<string, string>> = {
  CELERY_BROKER_URL: "redis://localhost:6379/0",
  BLOOM_PORT: "5555",
  BLOOM_ADDRESS: "127.0.0.1",
  BLOOM_DATA_DIR: ".bloom",
  BLOOM_EMBEDDED_PG_PORT: "54329",
  LOG_LEVEL: "info",
  BLOOM_MAX_TASKS: "0 (no cap)",
  BLOOM_TASK_MAX_AGE: "30d",
  BLOOM_FAILED_TASK_MAX_AGE: "90d",
  BLOOM_WORKER_OFFLINE_MAX_AGE: "7d",
  BLOOM_ENABLE_EVENTS: "true",
  BLOOM_IMPORT_RESULTS: "false",
  BLOOM_AMQP_QUEUE: "bloom.events",
  BLOOM_URL_PREFIX: "none",
  BLOOM_INSPECT_TIMEOUT: "1000",
  BLOOM_NATURAL_TIME: "false",
  BLOOM_TASKS_COLUMNS: DEFAULT_TASK_COLUMNS.join(","),
  BLOOM_READ_ONLY: "false",
  BLOOM_TASK_RUNTIME_METRIC_BUCKETS: DEFAULT_RUNTIME_BUCKETS.join(","),
};

export type Settings = {
  databaseUrl: string | undefined;
  brokerUrl: string;
  port: number;
  address: string;
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: z.infer<typeof settingsSchema>["LOG_LEVEL"];
  resultBackendUrl: string | undefined;
  retention: {
    /** keep at most this many tasks (oldest non-failed go first); null = no cap */
    maxTasks: number | null;
    /** seconds; null = keep forever */
    taskMaxAge: number | null;
    failedTaskMaxAge: number | null;
    workerOfflineMaxAge: number | null;
  };
  /** seconds; null = keep forever (worker/maintenance/retention-policy.ts) */
  housekeeping: {
    auditMaxAge: number | null;
    alertHistoryMaxAge: number | null;
    /** sent and failed notifications; pending ones are never purged */
    alertDeliveryMaxAge: number | null;
  };
  /** broadcast enable_events periodically, for workers started without -E (Flower does too) */
  enableEvents: boolean;
  amqpQueue: string;
  /** django-celery-beat's database, read for the beat page (and written by enable/disable) */
  beatDatabaseUrl: string | undefined;
  /** RedBeat's Redis and key prefix, read for the beat page */
  redbeatUrl: string | undefined;
  redbeatKeyPrefix: string;
  /** "" or "/flower": the path the console is served under (Flower's url_prefix) */
  urlPrefix: string;
  /** RabbitMQ management API (Flower's broker_api) */
  brokerApiUrl: string | undefined;
  /** how long to wait for workers' inspect replies (Flower's inspect_timeout) */
  inspectTimeoutMs: number;
  /** tasks page shows relative times by default (Flower's natural_time) */
  naturalTime: boolean;
  /** tasks page's default columns (Flower's tasks_columns) */
  tasksColumns: TaskColumn[];
  /** refuse every action that changes anything (Flower's read_only) */
  readOnly: boolean;
  /** bucket bounds of flower_task_runtime_seconds, seconds, without +Inf */
  taskRuntimeMetricBuckets: number[];
  /** first start with an empty database: import finished tasks from the result backend */
  importResults: boolean;
  /** seconds between alert evaluations in the active ingest process; null = alerts off */
  alertInterval: number | null;
  /** the console's address, for links in notifications */
  alertBaseUrl: string | undefined;
  /** SMTP for email notifications (smtpSettingsOf); no host = email cannot be sent */
  smtpHost: string | undefined;
  smtpPort: number;
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it */
  smtpSecure: boolean;
  smtpUser: string | undefined;
  smtpPassword: string | undefined;
  smtpFrom: string | undefined;
};

export type SmtpSettings = { host: string; port: number; secure: boolean; user: string | undefined; password: string | undefined; from: string };

/** The SMTP server email notifications go through; null when BLOOM_SMTP_HOST is unset. */
export function smtpSettingsOf(settings: Settings): SmtpSettings | null {
  if (!settings.smtpHost) return null;
  const { smtpHost: host, smtpPort: port, smtpSecure: secure, smtpUser: user, smtpPassword: password } = settings;
  return { host, port, secure, user, password, from: settings.smtpFrom ?? `bloom@${host}` };
}

/** FLOWER_PORT → BLOOM_PORT etc.: every Flower variable whose value means the same in Bloom. */
const FLOWER_SYNONYMS: readonly (readonly [string, string])[] = flowerEnvSynonyms();

/** Blank values count as unset, so `DATABASE_URL=` in a .env file means "embedded". */
function withoutBlanks(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value.trim() !== "") out[key] = value;
  return out;
}

/** Parses the environment; throws ConfigError naming the first bad setting. */
export function loadSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const source = withoutBlanks(env);
  // PORT is what most hosting platforms set; BLOOM_PORT wins when both are present.
  if (source.BLOOM_PORT === undefined && source.PORT !== undefined) source.BLOOM_PORT = source.PORT;
  // Flower's names are honoured so an existing deployment's environment keeps working.
  for (const [flower, bloom] of FLOWER_SYNONYMS) {
    if (source[bloom] === undefined && source[flower] !== undefined) source[bloom] = source[flower];
  }
  const parsed = settingsSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = String(issue?.path[0] ?? "configuration");
    throw new ConfigError(setting, issue?.message ?? "is invalid");
  }
  const s = parsed.data;
  return {
    resultBackendUrl: s.CELERY_RESULT_BACKEND,
    retention: {
      maxTasks: s.BLOOM_MAX_TASKS ? s.BLOOM_MAX_TASKS : null,
      taskMaxAge: s.BLOOM_TASK_MAX_AGE,
      failedTaskMaxAge: s.BLOOM_FAILED_TASK_MAX_AGE,
      workerOfflineMaxAge: s.BLOOM_WORKER_OFFLINE_MAX_AGE,
    },
    housekeeping: {
      auditMaxAge: s.BLOOM_AUDIT_MAX_AGE,
      alertHistoryMaxAge: s.BLOOM_ALERT_HISTORY_MAX_AGE,
      alertDeliveryMaxAge: s.BLOOM_ALERT_DELIVERY_MAX_AGE,
    },
    enableEvents: s.BLOOM_ENABLE_EVENTS,
    amqpQueue: s.BLOOM_AMQP_QUEUE,
    beatDatabaseUrl: s.BLOOM_BEAT_DATABASE_URL,
    redbeatUrl: s.BLOOM_REDBEAT_URL,
    redbeatKeyPrefix: s.BLOOM_REDBEAT_KEY_PREFIX,
    urlPrefix: s.BLOOM_URL_PREFIX,
    brokerApiUrl: s.BLOOM_BROKER_API,
    inspectTimeoutMs: s.BLOOM_INSPECT_TIMEOUT,
    naturalTime: s.BLOOM_NATURAL_TIME,
    tasksColumns: s.BLOOM_TASKS_COLUMNS,
    readOnly: s.BLOOM_READ_ONLY,
    taskRuntimeMetricBuckets: s.BLOOM_TASK_RUNTIME_METRIC_BUCKETS,
    importResults: s.BLOOM_IMPORT_RESULTS,
    alertInterval: s.BLOOM_ALERT_INTERVAL,
    alertBaseUrl: s.BLOOM_ALERT_BASE_URL?.replace(/\/+$/, ""),
    smtpHost: s.BLOOM_SMTP_HOST,
    smtpPort: s.BLOOM_SMTP_PORT,
    smtpSecure: s.BLOOM_SMTP_SECURE,
    smtpUser: s.BLOOM_SMTP_USER,
    smtpPassword: s.BLOOM_SMTP_PASSWORD,
    smtpFrom: s.BLOOM_SMTP_FROM,
    databaseUrl: s.DATABASE_URL,
    brokerUrl: s.CELERY_BROKER_URL,
    port: s.BLOOM_PORT,
    address: s.BLOOM_ADDRESS,
    dataDir: s.BLOOM_DATA_DIR,
    embeddedPostgresPort: s.BLOOM_EMBEDDED_PG_PORT,
    logLevel: s.LOG_LEVEL,
  };
}
