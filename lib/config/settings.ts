import { z } from "zod";
import { ConfigError } from "./config-error";
import { parseDurationSeconds } from "./duration";

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

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value, ctx) => {
    if (["1", "true", "yes", "on"].includes(value)) return true;
    if (["0", "false", "no", "off"].includes(value)) return false;
    ctx.addIssue({ code: "custom", message: "must be true or false" });
    return z.NEVER;
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
  BLOOM_ENABLE_EVENTS: booleanFlag.prefault("true"),
  BLOOM_IMPORT_RESULTS: booleanFlag.prefault("false"),
  BLOOM_AMQP_QUEUE: z.string().trim().min(1).max(255).default("bloom.events"),
});

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
  /** broadcast enable_events periodically, for workers started without -E (Flower does too) */
  enableEvents: boolean;
  amqpQueue: string;
  /** first start with an empty database: import finished tasks from the result backend */
  importResults: boolean;
};

const FLOWER_SYNONYMS: readonly (readonly [string, string])[] = [
  ["FLOWER_MAX_TASKS", "BLOOM_MAX_TASKS"],
  ["FLOWER_ENABLE_EVENTS", "BLOOM_ENABLE_EVENTS"],
  ["FLOWER_PORT", "BLOOM_PORT"],
  ["FLOWER_ADDRESS", "BLOOM_ADDRESS"],
  ["FLOWER_BROKER", "CELERY_BROKER_URL"],
];

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
    enableEvents: s.BLOOM_ENABLE_EVENTS,
    amqpQueue: s.BLOOM_AMQP_QUEUE,
    importResults: s.BLOOM_IMPORT_RESULTS,
    databaseUrl: s.DATABASE_URL,
    brokerUrl: s.CELERY_BROKER_URL,
    port: s.BLOOM_PORT,
    address: s.BLOOM_ADDRESS,
    dataDir: s.BLOOM_DATA_DIR,
    embeddedPostgresPort: s.BLOOM_EMBEDDED_PG_PORT,
    logLevel: s.LOG_LEVEL,
  };
}
