import { z } from "zod";
import { ConfigError } from "./config-error";

/**
 * Where the dashboard's badges turn amber and red. Defaults follow common on-call practice;
 * each can be overridden from the environment (BLOOM_HEALTH_*), validated like the other
 * settings so a typo stops nothing silently.
 */
export type HealthThresholds = {
  /** percent of finished tasks that succeeded: healthy above `warning`, critical below `critical` */
  successRate: { warning: number; critical: number };
  /** messages waiting in one queue */
  queueLength: { warning: number; critical: number };
  /** average task runtime, seconds */
  taskTime: { warning: number; critical: number };
  /** worker CPU, percent of one core */
  workerCpu: { warning: number; critical: number };
  /** worker resident memory, bytes */
  workerMemory: { warning: number; critical: number };
};

const GIB = 1024 ** 3;

export const DEFAULT_HEALTH_THRESHOLDS = {
  successRate: { warning: 95, critical: 90 },
  queueLength: { warning: 10, critical: 50 },
  taskTime: { warning: 5, critical: 10 },
  workerCpu: { warning: 70, critical: 85 },
  workerMemory: { warning: 1 * GIB, critical: 2 * GIB },
} as const satisfies HealthThresholds;

const number = z.coerce.number({ error: "must be a number" }).finite("must be a number").min(0, "must not be negative");
const percent = number.max(100, "must be a percentage (0-100)");

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, k: 1024, kib: 1024, mb: 1024 ** 2, m: 1024 ** 2, mib: 1024 ** 2, gb: GIB, g: GIB, gib: GIB };

/** "1GB", "512MiB", "1.5 gb" or plain bytes; units are binary (1 GB = 1024³ bytes), as `free -h` shows. */
const bytes = z.string().transform((value, ctx) => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const factor = match ? UNITS[(match[2] ?? "").toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    ctx.addIssue({ code: "custom", message: 'must be a size like "1GB", "512MB" or a number of bytes' });
    return z.NEVER;
  }
  return Math.round(Number(match[1]) * factor);
});

const schema = z.object({
  BLOOM_HEALTH_SUCCESS_RATE_WARNING: percent.default(DEFAULT_HEALTH_THRESHOLDS.successRate.warning),
  BLOOM_HEALTH_SUCCESS_RATE_CRITICAL: percent.default(DEFAULT_HEALTH_THRESHOLDS.successRate.critical),
  BLOOM_HEALTH_QUEUE_LENGTH_WARNING: number.default(DEFAULT_HEALTH_THRESHOLDS.queueLength.warning),
  BLOOM_HEALTH_QUEUE_LENGTH_CRITICAL: number.default(DEFAULT_HEALTH_THRESHOLDS.queueLength.critical),
  BLOOM_HEALTH_TASK_TIME_WARNING: number.default(DEFAULT_HEALTH_THRESHOLDS.taskTime.warning),
  BLOOM_HEALTH_TASK_TIME_CRITICAL: number.default(DEFAULT_HEALTH_THRESHOLDS.taskTime.critical),
  BLOOM_HEALTH_WORKER_CPU_WARNING: percent.default(DEFAULT_HEALTH_THRESHOLDS.workerCpu.warning),
  BLOOM_HEALTH_WORKER_CPU_CRITICAL: percent.default(DEFAULT_HEALTH_THRESHOLDS.workerCpu.critical),
  BLOOM_HEALTH_WORKER_MEMORY_WARNING: bytes.prefault(String(DEFAULT_HEALTH_THRESHOLDS.workerMemory.warning)),
  BLOOM_HEALTH_WORKER_MEMORY_CRITICAL: bytes.prefault(String(DEFAULT_HEALTH_THRESHOLDS.workerMemory.critical)),
});

/** Every BLOOM_HEALTH_* variable (lib/config/env-example.test.ts checks .env.example has them). */
export const HEALTH_VARIABLES: readonly string[] = Object.keys(schema.shape);

type Pair = { warning: number; critical: number };

/** Parses the BLOOM_HEALTH_* variables; throws ConfigError naming the first bad one. */
export function loadHealthThresholds(env: Readonly<Record<string, string | undefined>> = process.env): HealthThresholds {
  const source: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (key.startsWith("BLOOM_HEALTH_") && value !== undefined && value.trim() !== "") source[key] = value;
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? "BLOOM_HEALTH_*"), issue?.message ?? "is invalid");
  }
  const s = parsed.data;
  const thresholds: HealthThresholds = {
    successRate: { warning: s.BLOOM_HEALTH_SUCCESS_RATE_WARNING, critical: s.BLOOM_HEALTH_SUCCESS_RATE_CRITICAL },
    queueLength: { warning: s.BLOOM_HEALTH_QUEUE_LENGTH_WARNING, critical: s.BLOOM_HEALTH_QUEUE_LENGTH_CRITICAL },
    taskTime: { warning: s.BLOOM_HEALTH_TASK_TIME_WARNING, critical: s.BLOOM_HEALTH_TASK_TIME_CRITICAL },
    workerCpu: { warning: s.BLOOM_HEALTH_WORKER_CPU_WARNING, critical: s.BLOOM_HEALTH_WORKER_CPU_CRITICAL },
    workerMemory: { warning: s.BLOOM_HEALTH_WORKER_MEMORY_WARNING, critical: s.BLOOM_HEALTH_WORKER_MEMORY_CRITICAL },
  };
  // A success rate gets worse as it falls, the others as they rise: the critical end must lie beyond the warning end.
  assertOrdered("BLOOM_HEALTH_SUCCESS_RATE_CRITICAL", thresholds.successRate, "below");
  assertOrdered("BLOOM_HEALTH_QUEUE_LENGTH_CRITICAL", thresholds.queueLength, "above");
  assertOrdered("BLOOM_HEALTH_TASK_TIME_CRITICAL", thresholds.taskTime, "above");
  assertOrdered("BLOOM_HEALTH_WORKER_CPU_CRITICAL", thresholds.workerCpu, "above");
  assertOrdered("BLOOM_HEALTH_WORKER_MEMORY_CRITICAL", thresholds.workerMemory, "above");
  return thresholds;
}

function assertOrdered(setting: string, pair: Pair, side: "above" | "below"): void {
  const ok = side === "above" ? pair.critical >= pair.warning : pair.critical <= pair.warning;
  if (!ok) throw new ConfigError(setting, `must be ${side === "above" ? "at least" : "at most"} the warning threshold (${pair.warning})`);
}
