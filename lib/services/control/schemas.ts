import { z } from "zod";
import {
  SIGNAL_NAMES,
  hostnameSchema,
  jsonObjectSchema,
  jsonValueSchema,
  queueNameSchema,
  rateLimitSchema,
  taskIdSchema,
  taskNameSchema,
} from "@/lib/celery/control-messages";
import { prioritySchema } from "@/lib/celery/task-message";

/**
 * Inputs of the control services, shared by server actions, Bloom's REST routes and the
 * Flower-compatible API: one definition per command, so a form, a script and the service
 * refuse the same things with the same message. Field names are camelCase; the services
 * turn them into Celery's argument names (lib/celery/control-messages.ts).
 */

/** How long to wait for replies. The wait ends earlier once every expected worker answered. */
export const DEFAULT_TIMEOUT_MS = 3_000;
export const timeoutMsSchema = z.int().min(100, "timeoutMs must be at least 100").max(60_000, "timeoutMs must be at most 60000");

const target = { hostname: hostnameSchema, timeoutMs: timeoutMsSchema.optional() };

export const INSPECT_COMMANDS = [
  "ping",
  "stats",
  "active",
  "reserved",
  "scheduled",
  "revoked",
  "registered",
  "active_queues",
  "conf",
  "query_task",
  "report",
] as const;
export type InspectCommand = (typeof INSPECT_COMMANDS)[number];

export const inspectInput = z
  .strictObject({
    command: z.enum(INSPECT_COMMANDS, { error: `command must be one of ${INSPECT_COMMANDS.join(", ")}` }),
    /** omitted: every worker (Bloom waits for the ones Postgres knows are online) */
    destination: z.array(hostnameSchema).min(1, "name at least one worker, or leave destination out").max(1_000).optional(),
    /** query_task's ids */
    taskIds: z.array(taskIdSchema).min(1).max(1_000).optional(),
    /** registered's extra task attributes, e.g. ["rate_limit", "time_limit"] */
    taskinfoitems: z.array(z.string().regex(/^[a-z_]{1,64}$/, "task attributes are snake_case names")).max(20).optional(),
    timeoutMs: timeoutMsSchema.optional(),
  })
  .refine((v) => v.command !== "query_task" || v.taskIds !== undefined, { message: "query_task needs taskIds", path: ["taskIds"] });
export type InspectInput = z.input<typeof inspectInput>;

export const refreshInput = z.strictObject({
  /** omitted: every worker Postgres knows is online (and any other that answers in time) */
  hostname: hostnameSchema.optional(),
  timeoutMs: timeoutMsSchema.optional(),
});
export type RefreshInput = z.input<typeof refreshInput>;

export const workerTargetInput = z.strictObject(target);
export type WorkerTargetInput = z.input<typeof workerTargetInput>;

const poolSize = z
  .int("n must be a whole number")
  .min(1, "n must be a positive whole number")
  .max(10_000, "n must be at most 10000")
  .default(1);
export const poolSizeInput = z.strictObject({ ...target, n: poolSize });
export type PoolSizeInput = z.input<typeof poolSizeInput>;

export const poolRestartInput = z.strictObject({
  ...target,
  /** modules to (re)import in the new pool processes */
  modules: z.array(z.string().regex(/^[A-Za-z_][\w.]{0,254}$/, "module names look like proj.tasks")).max(100).optional(),
  /** reload modules already imported (importlib.reload) */
  reload: z.boolean().default(false),
});
export type PoolRestartInput = z.input<typeof poolRestartInput>;

const processes = (what: string) => z.int(`${what} must be a whole number`).min(0, `${what} must not be negative`).max(10_000, `${what} must be at most 10000`);
export const autoscaleInput = z
  .strictObject({ ...target, max: processes("max"), min: processes("min") })
  .refine((v) => v.max >= v.min, { message: "max must be at least min", path: ["max"] })
  .refine((v) => v.max > 0, { message: "max must be at least 1", path: ["max"] });
export type AutoscaleInput = z.input<typeof autoscaleInput>;

export const addConsumerInput = z.strictObject({
  ...target,
  queue: queueNameSchema,
  exchange: z.string().min(1).max(255).optional(),
  exchangeType: z.enum(["direct", "topic", "fanout", "headers"]).default("direct"),
  routingKey: z.string().max(255).optional(),
});
export type AddConsumerInput = z.input<typeof addConsumerInput>;

export const cancelConsumerInput = z.strictObject({ ...target, queue: queueNameSchema });
export type CancelConsumerInput = z.input<typeof cancelConsumerInput>;

export const rateLimitInput = z.strictObject({ ...target, taskName: taskNameSchema, rateLimit: rateLimitSchema });
export type RateLimitInput = z.input<typeof rateLimitInput>;

const seconds = z.number().finite().positive("time limits must be positive seconds").max(31_536_000, "time limits must be at most a year");
export const timeLimitInput = z
  .strictObject({ ...target, taskName: taskNameSchema, soft: seconds.nullish(), hard: seconds.nullish() })
  .refine((v) => v.soft == null || v.hard == null || v.soft <= v.hard, { message: "the soft limit must not exceed the hard limit", path: ["soft"] });
export type TimeLimitInput = z.input<typeof timeLimitInput>;

export const workerEventsInput = z.strictObject({
  /** omitted: every worker */
  hostname: hostnameSchema.optional(),
  enabled: z.boolean(),
  timeoutMs: timeoutMsSchema.optional(),
});
export type WorkerEventsInput = z.input<typeof workerEventsInput>;

// celery: the worker wants the exact name ("SIGTERM"); Bloom also takes "term"/"sigterm".
export const signalNameSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .transform((s) => (s.startsWith("SIG") ? s : `SIG${s}`))
  .pipe(z.enum(SIGNAL_NAMES, { error: "unknown signal name (expected e.g. SIGTERM, SIGKILL, SIGINT)" }));

export const revokeInput = z.strictObject({
  taskIds: z.array(taskIdSchema).min(1, "give at least one task id").max(10_000, "at most 10000 task ids at once"),
  /** also kill the process running it (prefork/eventlet) */
  terminate: z.boolean().default(false),
  signal: signalNameSchema.default("SIGTERM"),
  /** revoke ids Bloom has not seen (e.g. queued before Bloom started); default: refuse them */
  allowUnknown: z.boolean().default(false),
  timeoutMs: timeoutMsSchema.optional(),
});
export type RevokeInput = z.input<typeof revokeInput>;

export const terminateInput = z.strictObject({
  taskIds: revokeInput.shape.taskIds,
  signal: signalNameSchema.default("SIGTERM"),
  allowUnknown: z.boolean().default(false),
  timeoutMs: timeoutMsSchema.optional(),
});
export type TerminateInput = z.input<typeof terminateInput>;

export const MAX_PATTERN_MATCHES = 10_000;
export const revokeByNameInput = z.strictObject({
  /** a task name with `*` wildcards, e.g. "proj.reports.*" */
  pattern: z
    .string()
    .trim()
    .min(1, "give a task name pattern")
    .max(255)
    .refine((s) => s.replaceAll("*", "").length > 0, "the pattern must contain more than wildcards"),
  terminate: z.boolean().default(false),
  signal: signalNameSchema.default("SIGTERM"),
  timeoutMs: timeoutMsSchema.optional(),
});
export type RevokeByNameInput = z.input<typeof revokeByNameInput>;

const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, "expected an ISO 8601 time with a zone, e.g. 2026-11-22T15:47:20Z")
  .refine((s) => !Number.isNaN(Date.parse(s)), "not a valid time");

export const sendTaskInput = z
  .strictObject({
    name: taskNameSchema,
    /** default: Celery's default queue "celery" */
    queue: queueNameSchema.default("celery"),
    args: z.array(jsonValueSchema).max(10_000).default(() => []),
    kwargs: jsonObjectSchema.default(() => ({})),
    /** seconds from now */
    countdown: z.number().finite().positive("countdown must be positive seconds").max(31_536_000).optional(),
    eta: isoTime.optional(),
    /** seconds from now, or an ISO time */
    expires: z.union([z.number().finite().positive("expires must be positive seconds"), isoTime]).optional(),
    /** 0..255; on Redis 0..9 (0 first), on RabbitMQ the highest wins in queues with x-max-priority */
    priority: prioritySchema.optional(),
  })
  .refine((v) => v.countdown === undefined || v.eta === undefined, { message: "give eta or countdown, not both", path: ["countdown"] });
export type SendTaskInput = z.input<typeof sendTaskInput>;

export const retryTaskInput = z.strictObject({
  id: taskIdSchema,
  /** required when the stored arguments are not JSON (the UI asks for them); override otherwise */
  args: z.array(jsonValueSchema).max(10_000).optional(),
  kwargs: jsonObjectSchema.optional(),
  /** default: the original task's queue */
  queue: queueNameSchema.optional(),
});
export type RetryTaskInput = z.input<typeof retryTaskInput>;

export const taskResultInput = z.strictObject({ id: taskIdSchema });
export type TaskResultInput = z.input<typeof taskResultInput>;
