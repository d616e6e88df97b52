import { z } from "zod";
import {
  KOMBU_SEP,
  buildRedisEnvelope,
  jsonObjectSchema,
  jsonValueSchema,
  kombuJsonDumps,
  pythonNumber,
  taskIdSchema,
  taskNameSchema,
} from "./control-messages";
import type { JsonObject, JsonValue } from "./json-value";

/**
 * Celery task messages, protocol 2 (celery/app/amqp.py as_task_v2 + send_task_message), as
 * pure data: what `app.send_task(name, args, kwargs, ...)` publishes, byte for byte on Redis.
 *
 * - headers carry the metadata (task name, id, eta, expires, retries, time limits, reprs...);
 * - properties carry correlation_id (= task id) and reply_to;
 * - the body is `[args, kwargs, {callbacks, errbacks, chain, chord}]`, JSON.
 *
 * Routing: Celery sends a task for a plain direct queue to the default exchange "" with the
 * queue name as routing key, which on Redis means LPUSH to the queue's list. Priorities pick
 * a sub-list on Redis (see redisPriorityList) and the `priority` property on RabbitMQ. The two
 * brokers read the number in opposite directions, as in Celery: on Redis 0 is served first,
 * on RabbitMQ (queues declared with x-max-priority) the highest number is.
 */

/** kombu/transport/redis.py PRIORITY_STEPS: a worker with default settings polls only these sub-lists. */
export const DEFAULT_PRIORITY_STEPS: readonly number[] = [0, 3, 6, 9];
/** Celery's argsrepr_maxsize / kwargsrepr_maxsize. */
export const REPR_MAX_LENGTH = 1024;

export class TaskMessageError extends Error {
  override readonly name = "TaskMessageError";
  readonly code = "invalid_argument" as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------
// Input

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
/** An ISO 8601 time with a zone: without one, the worker would read it in its own timezone. */
const isoTimeSchema = z
  .string()
  .regex(ISO_WITH_ZONE, "expected an ISO 8601 time with a zone, e.g. 2026-11-22T15:47:20Z")
  .refine((s) => !Number.isNaN(Date.parse(s)), "not a valid time");
const timeSchema = z.union([z.date(), isoTimeSchema]);
const secondsSchema = z.number().finite().positive("time limits must be positive seconds");
const signatureSchema = jsonObjectSchema;

export const taskMessageInputSchema = z
  .strictObject({
    /** registered task name, e.g. "proj.tasks.add" */
    name: taskNameSchema,
    /** defaults to a new UUID */
    id: taskIdSchema.optional(),
    args: z.array(jsonValueSchema).max(100_000).default(() => []),
    kwargs: jsonObjectSchema.default(() => ({})),
    /** seconds from now; becomes `eta` (Celery ignores 0) */
    countdown: z.number().finite().optional(),
    eta: timeSchema.optional(),
    /** seconds from now, or an absolute time */
    expires: z.union([z.number().finite(), timeSchema]).optional(),
    retries: z.int().min(0).max(1_000_000).default(0),
    timeLimit: secondsSchema.nullish(),
    softTimeLimit: secondsSchema.nullish(),
    rootId: taskIdSchema.optional(),
    parentId: taskIdSchema.optional(),
    groupId: taskIdSchema.optional(),
    groupIndex: z.int().min(0).optional(),
    /** a different name to show in logs and events (Celery's `shadow`) */
    shadow: taskNameSchema.optional(),
    /** who sent it; adapters fill in `bloom<pid>@<host>` when absent */
    origin: z.string().min(1).max(255).optional(),
    ignoreResult: z.boolean().default(false),
    /** reply queue for the rpc:// result backend; "" otherwise, as Celery sends it */
    replyTo: z.string().max(255).default(""),
    callbacks: z.array(signatureSchema).nullish(),
    errbacks: z.array(signatureSchema).nullish(),
    chain: z.array(signatureSchema).nullish(),
    chord: signatureSchema.nullish(),
    /** what events and logs show for args/kwargs; default: Python repr, as Celery makes it */
    argsrepr: z.string().max(100_000).optional(),
    kwargsrepr: z.string().max(100_000).optional(),
  })
  // celery: as_task_v2 silently lets countdown override eta; asking for both is a mistake.
  .refine((v) => v.countdown === undefined || v.eta === undefined, { message: "give eta or countdown, not both", path: ["countdown"] });

export type TaskMessageInput = z.input<typeof taskMessageInputSchema>;

// ---------------------------------------------------------------------------
// The message

export type TaskHeaders = {
  lang: "py";
  task: string;
  id: string;
  shadow: string | null;
  eta: string | null;
  expires: string | null;
  group: string | null;
  group_index: number | null;
  retries: number;
  timelimit: [number | null, number | null];
  root_id: string;
  parent_id: string | null;
  argsrepr: string;
  kwargsrepr: string;
  origin: string | null;
  ignore_result: boolean;
};

export type TaskEmbed = {
  callbacks: JsonObject[] | null;
  errbacks: JsonObject[] | null;
  chain: JsonObject[] | null;
  chord: JsonObject | null;
};

export type TaskMessage = {
  headers: TaskHeaders;
  properties: { correlation_id: string; reply_to: string };
  body: [JsonValue[], JsonObject, TaskEmbed];
};

export type BuildTaskMessageOptions = {
  /** epoch ms for countdown/expires arithmetic (tests pin it) */
  now?: number;
  /** id generator (tests pin it); defaults to crypto.randomUUID */
  uuid?: () => string;
};

/** Validates untrusted input (REST, forms); never throws. */
export function parseTaskMessage(
  input: unknown,
  options: BuildTaskMessageOptions = {},
): { ok: true; message: TaskMessage } | { ok: false; error: { field: string; message: string } } {
  const parsed = taskMessageInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { field: issue?.path.join(".") || "(input)", message: issue?.message ?? "invalid task message" } };
  }
  const v = parsed.data;
  const now = options.now ?? Date.now();
  const id = v.id ?? (options.uuid ?? (() => globalThis.crypto.randomUUID()))();

  // Celery's `if countdown:` skips 0 as well.
  const etaAt = v.countdown ? afterSeconds(now, v.countdown) : v.eta === undefined ? undefined : instant(v.eta);
  const expiresAt = typeof v.expires === "number" ? afterSeconds(now, v.expires) : v.expires === undefined ? undefined : instant(v.expires);
  const eta = etaAt === undefined ? null : celeryIsoTime(etaAt);
  const expires = expiresAt === undefined ? null : celeryIsoTime(expiresAt);
  if (eta === undefined) return outOfRange(v.countdown ? "countdown" : "eta");
  if (expires === undefined) return outOfRange("expires");

  const headers: TaskHeaders = {
    lang: "py",
    task: v.name,
    id,
    shadow: v.shadow ?? null,
    eta,
    expires,
    group: v.groupId ?? null,
    group_index: v.groupIndex ?? null,
    retries: v.retries,
    timelimit: [v.timeLimit ?? null, v.softTimeLimit ?? null],
    // Celery: "empty root_id defaults to task_id".
    root_id: v.rootId ?? id,
    parent_id: v.parentId ?? null,
    argsrepr: v.argsrepr ?? truncateRepr(pythonTupleRepr(v.args)),
    kwargsrepr: v.kwargsrepr ?? truncateRepr(pythonRepr(v.kwargs)),
    origin: v.origin ?? null,
    ignore_result: v.ignoreResult,
  };
  return {
    ok: true,
    message: {
      headers,
      properties: { correlation_id: id, reply_to: v.replyTo },
      body: [
        v.args,
        v.kwargs,
        { callbacks: v.callbacks ?? null, errbacks: v.errbacks ?? null, chain: v.chain ?? null, chord: v.chord ?? null },
      ],
    },
  };
}

/** Typed builder for code paths; throws TaskMessageError on invalid input. */
export function buildTaskMessage(input: TaskMessageInput, options: BuildTaskMessageOptions = {}): TaskMessage {
  const result = parseTaskMessage(input, options);
  if (!result.ok) throw new TaskMessageError(result.error.field, `task message: ${result.error.field}: ${result.error.message}`);
  return result.message;
}

/** Fills in `origin` when the caller left it out (Celery always sends one: `gen<pid>@<host>`). */
export function withDefaultOrigin(message: TaskMessage, origin: string): TaskMessage {
  return message.headers.origin === null ? { ...message, headers: { ...message.headers, origin } } : message;
}

/** The body bytes, as kombu's JSON serializer writes them (ASCII). */
export function taskBodyJson(message: TaskMessage): string {
  return kombuJsonDumps(message.body);
}

function outOfRange(field: string): { ok: false; error: { field: string; message: string } } {
  return { ok: false, error: { field, message: "time is outside the years 1..9999" } };
}

/**
 * A point in time with Python's resolution: epoch milliseconds plus microseconds 0..999
 * (a double alone cannot hold epoch microseconds exactly for all years up to 9999).
 */
export type Instant = { ms: number; us: number };

function instant(value: Date | string): Instant {
  if (typeof value !== "string") return { ms: value.getTime(), us: 0 };
  // Date.parse keeps milliseconds only; the schema allows up to 6 fraction digits.
  const fraction = /\.(\d+)/.exec(value)?.[1] ?? "";
  return { ms: Date.parse(value), us: Number(fraction.padEnd(6, "0").slice(3, 6)) };
}

function afterSeconds(nowMs: number, seconds: number): Instant {
  const totalUs = Math.round(seconds * 1_000_000);
  const ms = Math.floor(totalUs / 1000);
  return { ms: Math.floor(nowMs) + ms, us: totalUs - ms * 1000 };
}

/**
 * Python's `datetime.isoformat()` of an aware UTC datetime, which is what Celery writes for
 * eta/expires: `2026-11-22T15:47:20.214753+00:00` (no fraction when it is zero). Undefined
 * outside the years Python's datetime supports.
 */
export function celeryIsoTime(at: Instant | Date): string | undefined {
  const { ms, us } = at instanceof Date ? { ms: at.getTime(), us: 0 } : at;
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(Math.floor(ms));
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) return undefined;
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ for years 0..9999
  const micros = date.getUTCMilliseconds() * 1000 + us;
  return `${iso.slice(0, 19)}${micros === 0 ? "" : `.${String(micros).padStart(6, "0")}`}+00:00`;
}

// ---------------------------------------------------------------------------
// Priorities and the Redis list names

/** Priority as a message property: a whole number 0..255 (AMQP's octet). */
export const prioritySchema = z.int().min(0, "priority must be 0..255").max(255, "priority must be 0..255");

/**
 * kombu redis Channel.priority + _q_for_pri: clamp to 0..9 (virtual transport's min/max
 * priority), then round down to the highest step ≤ it (Python's `steps[bisect(steps, n) - 1]`).
 */
export function redisPriorityStep(priority: number, steps: readonly number[] = DEFAULT_PRIORITY_STEPS): number {
  assertPrioritySteps(steps);
  const clamped = Math.max(0, Math.min(9, Math.trunc(priority)));
  let step = steps[0] ?? 0;
  for (const candidate of steps) if (candidate <= clamped) step = candidate;
  return step;
}

/** The list a message with this priority goes to: `queue` for step 0, else `queue\x06\x16<step>`. */
export function redisPriorityList(queue: string, priority: number, steps: readonly number[] = DEFAULT_PRIORITY_STEPS): string {
  const step = redisPriorityStep(priority, steps);
  return step === 0 ? queue : `${queue}${KOMBU_SEP}${step}`;
}

/** Every list a worker with these steps polls for `queue`, highest priority first (its BRPOP order). */
export function redisQueueLists(queue: string, steps: readonly number[] = DEFAULT_PRIORITY_STEPS): string[] {
  assertPrioritySteps(steps);
  return steps.map((step) => (step === 0 ? queue : `${queue}${KOMBU_SEP}${step}`));
}

function assertPrioritySteps(steps: readonly number[]): void {
  const ok =
    steps.length > 0 &&
    steps[0] === 0 &&
    steps.every((step, i) => Number.isInteger(step) && step >= 0 && step <= 9 && (i === 0 || step > (steps[i - 1] ?? -1)));
  // A step list not starting at 0 would make Python index steps[-1] (the last one) for low priorities.
  if (!ok) throw new TaskMessageError("prioritySteps", "priority steps must be ascending whole numbers 0..9 starting with 0");
}

/**
 * The message as kombu stores it in a Redis list: sent to the default exchange "" with the
 * queue as routing key, delivery_mode 2 (persistent, Celery's task_default_delivery_mode).
 */
export function redisTaskEnvelope(message: TaskMessage, options: { queue: string; priority: number; deliveryTag: string }): string {
  return buildRedisEnvelope({
    body: taskBodyJson(message),
    headers: message.headers,
    properties: message.properties,
    deliveryMode: 2,
    exchange: "",
    routingKey: options.queue,
    priority: options.priority,
    deliveryTag: options.deliveryTag,
  });
}

// ---------------------------------------------------------------------------
// Python repr, for argsrepr / kwargsrepr

/** Python's repr() of a JSON value (lists as lists, objects as dicts). */
export function pythonRepr(value: JsonValue): string {
  if (value === null) return "None";
  switch (typeof value) {
    case "boolean":
      return value ? "True" : "False";
    case "number":
      return pythonNumber(value).replace(/^(-?)Infinity$/, "$1inf").replace(/^NaN$/, "nan");
    case "string":
      return pythonStrRepr(value);
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    parts.push(`${pythonStrRepr(key)}: ${pythonRepr(item)}`);
  }
  return `{${parts.join(", ")}}`;
}

/** repr(tuple(items)): what argsrepr shows for `task.delay(*items)`. */
export function pythonTupleRepr(items: readonly JsonValue[]): string {
  if (items.length === 1) return `(${pythonRepr(items[0] as JsonValue)},)`;
  return `(${items.map(pythonRepr).join(", ")})`;
}

// Python's str.isprintable(): false for these general categories (space excepted).
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function pythonStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f) out += ch;
    else if (ch !== " " && NON_PRINTABLE.test(ch)) out += cp < 0x100 ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    else out += ch;
  }
  return out + quote;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** celery: saferepr shortens inside nested values; Bloom cuts the finished string instead. */
function truncateRepr(repr: string): string {
  return repr.length > REPR_MAX_LENGTH ? `${repr.slice(0, REPR_MAX_LENGTH)}...` : repr;
}
