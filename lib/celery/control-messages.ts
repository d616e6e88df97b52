import { z } from "zod";
import { decodeEnvelope, type DecodeFailureReason } from "./envelope";
import { isJsonObject, setOwn, type JsonObject, type JsonValue } from "./json-value";

/**
 * Celery remote control ("pidbox", kombu/pidbox.py + celery/app/control.py) as pure data:
 * the broadcast request, its kombu envelope on Redis, the worker's reply, the typed command
 * table, and kombu's JSON writer that both this module and task-message.ts need to produce
 * the bytes Celery produces. The broker adapters (lib/control/) only move these bytes.
 *
 * How a broadcast works on either broker: the client publishes the request to the fanout
 * exchange `celery.pidbox`; every worker gets it and decides by `destination` (or
 * `pattern` + `matcher`) whether it is meant; a meant worker runs the command and publishes
 * `{hostname: result}` with header `ticket` to the direct exchange `reply.celery.pidbox`
 * with the request's `reply_to.routing_key`, which routes it to the client's reply queue.
 */

/** kombu's separator in Redis binding members and priority sub-list names. */
export const KOMBU_SEP = "\x06\x16";
/** Celery's `control_exchange` setting. */
export const DEFAULT_CONTROL_EXCHANGE = "celery";
/** Celery's `control_queue_expires` / `control_queue_ttl` (celery/app/defaults.py), in ms. */
export const REPLY_QUEUE_EXPIRES_MS = 10_000;
export const REPLY_QUEUE_TTL_MS = 300_000;

export type PidboxNames = {
  /** fanout exchange the requests go to */
  exchange: string;
  /** direct exchange the replies go to */
  replyExchange: string;
};

export function pidboxNames(controlExchange: string = DEFAULT_CONTROL_EXCHANGE): PidboxNames {
  return { exchange: `${controlExchange}.pidbox`, replyExchange: `reply.${controlExchange}.pidbox` };
}

/** kombu Mailbox.get_reply_queue: `<oid>.reply.celery.pidbox`, bound with routing key `<oid>`. */
export function replyQueueName(routingKey: string, controlExchange: string = DEFAULT_CONTROL_EXCHANGE): string {
  return `${routingKey}.${pidboxNames(controlExchange).replyExchange}`;
}

/** Redis fanout exchanges are pub/sub channels `/{db}.{exchange}` (kombu's fanout_prefix). */
export function redisFanoutChannel(db: number, exchange: string): string {
  return `/${db}.${exchange}`;
}

/** The SET holding an exchange's routing table on Redis. */
export function redisBindingKey(exchange: string): string {
  return `_kombu.binding.${exchange}`;
}

/** One routing-table member: `routing_key \x06\x16 pattern \x06\x16 queue` (kombu _queue_bind). */
export function redisBindingMember(routingKey: string, queue: string, pattern = ""): string {
  return [routingKey, pattern, queue].join(KOMBU_SEP);
}

/**
 * Every list a message for `queue` can land in: the plain list plus the sub-lists `\x06\x16N`
 * for N = 1..9, which covers whatever `priority_steps` the worker's app uses (kombu clamps
 * priorities to 0..9). Workers LPUSH replies with priority 0, i.e. to the plain list.
 */
export function redisAllPriorityLists(queue: string): string[] {
  return [queue, ...Array.from({ length: 9 }, (_, i) => `${queue}${KOMBU_SEP}${i + 1}`)];
}

// ---------------------------------------------------------------------------
// kombu's JSON: Python's json.dumps with its defaults

/**
 * Serializes like kombu's JSON serializer (Python `json.dumps` defaults): `", "` and `": "`
 * separators, every non-ASCII or control character escaped as `\uXXXX` (ensure_ascii), floats
 * written like Python's repr. The output is therefore pure ASCII, and byte-identical to what
 * Celery writes for the same values, which the tests check against real captures.
 *
 * celery: a JavaScript number that is a whole number is written as an int: JSON cannot tell
 * `1.0` from `1` in JavaScript, so a Python float that is whole arrives at the worker as an int.
 */
export function kombuJsonDumps(value: JsonValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return pythonNumber(value);
    case "string":
      return pythonJsonString(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[${value.map(kombuJsonDumps).join(", ")}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    // JSON.stringify skips undefined members; a JsonObject built in TypeScript may carry some.
    if (item === undefined) continue;
    parts.push(`${pythonJsonString(key)}: ${kombuJsonDumps(item)}`);
  }
  return parts.length === 0 ? "{}" : `{${parts.join(", ")}}`;
}

/** A number as Python writes it: whole numbers as ints, others as `float.__repr__`. */
export function pythonNumber(value: number): string {
  // Python's json writes these (allow_nan=True) and json.loads reads them back.
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
  return pythonFloatRepr(value);
}

/**
 * Python's `repr(float)`: the shortest round-trip digits (the same digits JavaScript picks),
 * in positional notation for decimal exponents -4..15, otherwise `d.ddde±XX` (two exponent
 * digits at least); positional whole numbers keep a `.0`.
 */
export function pythonFloatRepr(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const [mantissa = "0", exp = "0"] = Math.abs(value).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent).toString().padStart(2, "0");
    return `${sign}${body}e${exponent < 0 ? "-" : "+"}${e}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === "" ? "0" : fraction}`;
}

const JSON_ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** Python json's `py_encode_basestring_ascii`: anything outside printable ASCII becomes `\uXXXX`. */
function pythonJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const code = s.charCodeAt(i);
    const escape = JSON_ESCAPES[ch];
    if (escape) out += escape;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

// ---------------------------------------------------------------------------
// The kombu envelope on Redis

export type RedisEnvelopeInput = {
  /** the serialized body (kombuJsonDumps output: ASCII) */
  body: string;
  headers: JsonObject;
  /** properties kombu writes before its own (task messages: correlation_id, reply_to) */
  properties?: JsonObject;
  /** 2 = persistent (kombu's default), 1 = transient (pidbox replies, events) */
  deliveryMode: 1 | 2;
  exchange: string;
  routingKey: string;
  priority: number;
  deliveryTag: string;
};

/**
 * The JSON envelope kombu's virtual transport stores in Redis lists and publishes on pub/sub
 * (kombu/transport/virtual/base.py prepare_message + _inplace_augment_message), key order
 * included: `{"body", "content-encoding", "content-type", "headers", "properties"}`.
 */
export function buildRedisEnvelope(input: RedisEnvelopeInput): string {
  const envelope: JsonObject = {
    body: asciiBase64(input.body),
    "content-encoding": "utf-8",
    "content-type": "application/json",
    headers: input.headers,
    properties: {
      ...input.properties,
      delivery_mode: input.deliveryMode,
      delivery_info: { exchange: input.exchange, routing_key: input.routingKey },
      priority: input.priority,
      body_encoding: "base64",
      delivery_tag: input.deliveryTag,
    },
  };
  return kombuJsonDumps(envelope);
}

function asciiBase64(text: string): string {
  // btoa exists in Node and browsers; kombuJsonDumps output is ASCII, so no UTF-8 step is needed.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) throw new Error("envelope body must be ASCII (use kombuJsonDumps)");
  }
  return btoa(text);
}

// ---------------------------------------------------------------------------
// Argument validation shared by commands and broadcasts

/** Raised by the builders; `field` names the offending input field (for forms and REST errors). */
export class ControlArgumentError extends Error {
  override readonly name = "ControlArgumentError";
  readonly code = "invalid_argument" as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Names that travel as AMQP short strings or Redis key parts: 1..255 characters, no control
 * characters (which also keeps kombu's `\x06\x16` separator out of Redis bindings).
 */
const nameSchema = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(255, `${what} must be at most 255 characters`)
    .refine((s) => !hasControlCharacters(s), `${what} must not contain control characters`);

export const hostnameSchema = nameSchema("worker name");
export const taskIdSchema = nameSchema("task id");
export const taskNameSchema = nameSchema("task name");
export const queueNameSchema = nameSchema("queue name");

export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (depth > 64) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (isJsonObject(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  }
  return false;
}

export const jsonValueSchema = z.custom<JsonValue>((v) => isJsonValue(v), "must be plain JSON (finite numbers, no undefined)");
export const jsonObjectSchema = z.custom<JsonObject>((v) => isJsonObject(v) && isJsonValue(v), "must be a plain JSON object");

// ---------------------------------------------------------------------------
// The command table: every remote control command Bloom sends, with Celery's argument names

/**
 * Signals Celery's revoke accepts by name (celery.platforms.signals.signum needs an upper-case
 * name of the worker's platform; these are the Linux ones Python's signal module has).
 */
export const SIGNAL_NAMES = [
  "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
  "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
  "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

// celery: the worker wants exactly "SIGTERM"/"TERM"; Bloom also takes "term" and normalises.
const signalSchema = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .transform((s) => (s.startsWith("SIG") ? s : `SIG${s}`))
  .pipe(z.enum(SIGNAL_NAMES, { error: "unknown signal name (expected e.g. SIGTERM, SIGKILL, SIGINT)" }));

const taskIdsSchema = z.union([taskIdSchema, z.array(taskIdSchema).min(1, "give at least one task id").max(10_000)]);

/**
 * celery.utils.time.rate: `N`, `N/s`, `N/m` or `N/h` (N may have a fraction); 0 disables.
 * celery: Python's float() also takes "1e3" or " 5 "; Bloom accepts only the documented forms.
 */
const RATE_LIMIT = /^(\d+(\.\d*)?|\.\d+)(\/[smh])?$/;
export const rateLimitSchema = z.union([
  z.string().trim().regex(RATE_LIMIT, "rate limit must look like 10/m, 5/s, 100/h or a plain number per second"),
  z.number().finite().nonnegative("rate limit must not be negative"),
]);

const secondsSchema = z.number().finite().positive("time limits must be positive seconds");
const exchangeTypeSchema = z.enum(["direct", "topic", "fanout", "headers"]);
const OPTION_KEY = /^[a-z_][a-z0-9_]*$/;
const ADD_CONSUMER_KEYS = new Set(["queue", "exchange", "exchange_type", "routing_key"]);

export type CommandKind = "inspect" | "control";

type CommandSpec<S extends z.ZodType> = {
  kind: CommandKind;
  input: S;
  toArguments: (value: z.output<S>) => JsonObject;
  /** false when the worker never answers (shutdown exits before replying) */
  replies: boolean;
};

function spec<S extends z.ZodType>(
  kind: CommandKind,
  input: S,
  toArguments: (value: z.output<S>) => JsonObject,
  replies = true,
): CommandSpec<S> {
  return { kind, input, toArguments, replies };
}

const noInput = z.strictObject({});
const noArguments = (): JsonObject => ({});

/**
 * Inputs are camelCase TypeScript; `toArguments` writes the `arguments` dict exactly as
 * celery/app/control.py's Inspect/Control methods do (same keys, same defaults), because
 * the worker calls the handler in celery/worker/control.py with them as keyword arguments.
 */
export const CONTROL_COMMANDS = {
  // -- inspect
  ping: spec("inspect", noInput, noArguments),
  clock: spec("inspect", noInput, noArguments),
  report: spec("inspect", noInput, noArguments),
  stats: spec("inspect", noInput, noArguments),
  active: spec("inspect", z.strictObject({ safe: z.boolean().optional() }), (v): JsonObject => (v.safe === undefined ? {} : { safe: v.safe })),
  reserved: spec("inspect", noInput, noArguments),
  scheduled: spec("inspect", noInput, noArguments),
  revoked: spec("inspect", noInput, noArguments),
  registered: spec(
    "inspect",
    z.strictObject({ taskinfoitems: z.array(nameSchema("task attribute")).max(50).optional() }),
    // The worker falls back to exchange/routing_key/rate_limit when the list is empty.
    (v): JsonObject => (v.taskinfoitems === undefined ? {} : { taskinfoitems: v.taskinfoitems }),
  ),
  active_queues: spec("inspect", noInput, noArguments),
  conf: spec("inspect", z.strictObject({ withDefaults: z.boolean().default(false) }), (v) => ({ with_defaults: v.withDefaults })),
  query_task: spec("inspect", z.strictObject({ ids: z.array(taskIdSchema).min(1, "give at least one task id").max(10_000) }), (v) => ({
    ids: v.ids,
  })),

  // -- control
  revoke: spec(
    "control",
    z.strictObject({ taskId: taskIdsSchema, terminate: z.boolean().default(false), signal: signalSchema.default("SIGTERM") }),
    (v) => ({ task_id: v.taskId, terminate: v.terminate, signal: v.signal }),
  ),
  terminate: spec("control", z.strictObject({ taskId: taskIdsSchema, signal: signalSchema.default("SIGTERM") }), (v) => ({
    signal: v.signal,
    task_id: v.taskId,
  })),
  rate_limit: spec("control", z.strictObject({ taskName: taskNameSchema, rateLimit: rateLimitSchema }), (v) => ({
    task_name: v.taskName,
    rate_limit: v.rateLimit,
  })),
  time_limit: spec(
    "control",
    z
      .strictObject({ taskName: taskNameSchema, soft: secondsSchema.nullish(), hard: secondsSchema.nullish() })
      // celery: the worker accepts soft > hard, but then the soft limit can never fire.
      .refine((v) => v.soft == null || v.hard == null || v.soft <= v.hard, { message: "soft limit must not exceed the hard limit", path: ["soft"] }),
    (v) => ({ task_name: v.taskName, hard: v.hard ?? null, soft: v.soft ?? null }),
  ),
  shutdown: spec("control", noInput, noArguments, false),
  pool_restart: spec(
    "control",
    z.strictObject({ modules: z.array(nameSchema("module name")).max(1_000).optional(), reload: z.boolean().default(false) }),
    // `reloader` is a Python callable in Celery's API; over the wire it can only be None.
    (v) => ({ modules: v.modules ?? null, reload: v.reload, reloader: null }),
  ),
  pool_grow: spec("control", z.strictObject({ n: z.int().min(1, "n must be at least 1").max(10_000).default(1) }), (v) => ({ n: v.n })),
  pool_shrink: spec("control", z.strictObject({ n: z.int().min(1, "n must be at least 1").max(10_000).default(1) }), (v) => ({ n: v.n })),
  autoscale: spec(
    "control",
    z
      .strictObject({ max: z.int().min(0).max(100_000), min: z.int().min(0, "min must not be negative").max(100_000) })
      .refine((v) => v.max >= v.min, { message: "max must be at least min", path: ["max"] }),
    (v) => ({ max: v.max, min: v.min }),
  ),
  add_consumer: spec(
    "control",
    z
      .strictObject({
        queue: queueNameSchema,
        exchange: nameSchema("exchange").optional(),
        exchangeType: exchangeTypeSchema.default("direct"),
        routingKey: z.string().max(255).optional(),
        /** more kombu Queue.from_dict options, e.g. `{queue_durable: false}` */
        options: z.record(z.string().regex(OPTION_KEY, "option names are snake_case"), jsonValueSchema).optional(),
      })
      .refine((v) => !Object.keys(v.options ?? {}).some((key) => ADD_CONSUMER_KEYS.has(key)), {
        message: "options must not repeat queue, exchange, exchange_type or routing_key",
        path: ["options"],
      }),
    (v) => {
      const args: JsonObject = {
        queue: v.queue,
        exchange: v.exchange ?? null,
        exchange_type: v.exchangeType,
        routing_key: v.routingKey ?? null,
      };
      for (const [key, value] of Object.entries(v.options ?? {})) setOwn(args, key, value);
      return args;
    },
  ),
  cancel_consumer: spec("control", z.strictObject({ queue: queueNameSchema }), (v) => ({ queue: v.queue })),
  enable_events: spec("control", noInput, noArguments),
  disable_events: spec("control", noInput, noArguments),
  heartbeat: spec("control", noInput, noArguments),
} as const;

export type ControlCommandName = keyof typeof CONTROL_COMMANDS;
export type ControlCommandInput<N extends ControlCommandName> = z.input<(typeof CONTROL_COMMANDS)[N]["input"]>;

export type ControlCommand = {
  name: ControlCommandName;
  kind: CommandKind;
  /** the pidbox `method` (Celery's command name) */
  method: string;
  arguments: JsonObject;
  /** false for shutdown: the worker exits without answering */
  expectsReply: boolean;
};

export type ControlArgumentIssue = { field: string; message: string };

export function isControlCommandName(name: string): name is ControlCommandName {
  return Object.hasOwn(CONTROL_COMMANDS, name);
}

/** Validates untrusted input (REST, forms) for a command; never throws. */
export function parseControlCommand(
  name: string,
  input: unknown,
): { ok: true; command: ControlCommand } | { ok: false; error: ControlArgumentIssue } {
  if (!isControlCommandName(name)) return { ok: false, error: { field: "command", message: `unknown control command ${JSON.stringify(name)}` } };
  const entry = CONTROL_COMMANDS[name];
  const parsed = entry.input.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { field: issue?.path.join(".") || "(input)", message: issue?.message ?? "invalid arguments" } };
  }
  // Each entry's toArguments takes its own schema's output; the table guarantees the pairing.
  const toArguments = entry.toArguments as (value: unknown) => JsonObject;
  return {
    ok: true,
    command: { name, kind: entry.kind, method: name, arguments: toArguments(parsed.data), expectsReply: entry.replies },
  };
}

/** Typed builder for code paths; throws ControlArgumentError on invalid input. */
export function buildControlCommand<N extends ControlCommandName>(
  name: N,
  ...[input]: Record<string, never> extends ControlCommandInput<N> ? [ControlCommandInput<N>?] : [ControlCommandInput<N>]
): ControlCommand {
  const result = parseControlCommand(name, input ?? {});
  if (!result.ok) throw new ControlArgumentError(result.error.field, `${name}: ${result.error.field}: ${result.error.message}`);
  return result.command;
}

// ---------------------------------------------------------------------------
// The broadcast request

/** kombu.matcher's registered matchers: fnmatch-style globs and Python `re.match`. */
export type Matcher = "glob" | "pcre";

export type PidboxRequest = {
  method: string;
  arguments: JsonObject;
  destination: string[] | null;
  pattern: string | null;
  matcher: Matcher | null;
  ticket?: string;
  reply_to?: { exchange: string; routing_key: string };
};

export type BroadcastRequestInput = {
  method: string;
  arguments?: JsonObject;
  /** worker hostnames; omit for every worker */
  destination?: readonly string[];
  /** select workers by hostname pattern instead (needs `matcher`) */
  pattern?: string;
  matcher?: Matcher;
  /** omit for a cast (no reply wanted, kombu `reply=False`) */
  reply?: { ticket: string; exchange: string; routingKey: string };
};

const METHOD = /^[a-z_][a-z0-9_]*$/;

/**
 * The request body kombu Mailbox._publish writes, keys in its order. Throws
 * ControlArgumentError for input a worker would misread.
 */
export function buildBroadcastRequest(input: BroadcastRequestInput): PidboxRequest {
  if (!METHOD.test(input.method)) throw new ControlArgumentError("method", `invalid control method ${JSON.stringify(input.method)}`);
  const args = input.arguments ?? {};
  if (!isJsonObject(args) || !isJsonValue(args)) throw new ControlArgumentError("arguments", "arguments must be a plain JSON object");
  let destination: string[] | null = null;
  if (input.destination !== undefined) {
    // celery: an empty list is falsy in Python, so kombu would send the command to EVERY
    // worker; from a UI that means "nothing selected", so Bloom refuses it instead.
    if (input.destination.length === 0) throw new ControlArgumentError("destination", "destination must name at least one worker");
    destination = input.destination.map((name, i) => {
      const ok = hostnameSchema.safeParse(name);
      if (!ok.success) throw new ControlArgumentError(`destination.${i}`, ok.error.issues[0]?.message ?? "invalid worker name");
      return name;
    });
  }
  if ((input.pattern === undefined) !== (input.matcher === undefined)) {
    // kombu only applies a pattern together with a matcher; one alone would silently hit every worker.
    throw new ControlArgumentError("pattern", "pattern and matcher go together");
  }
  if (input.pattern !== undefined && (input.pattern === "" || input.pattern.length > 1_000)) {
    throw new ControlArgumentError("pattern", "pattern must be 1..1000 characters");
  }
  if (input.matcher !== undefined && input.matcher !== "glob" && input.matcher !== "pcre") {
    throw new ControlArgumentError("matcher", "matcher must be glob or pcre");
  }
  if (destination && input.pattern !== undefined) {
    throw new ControlArgumentError("pattern", "give either destination or pattern, not both");
  }
  const request: PidboxRequest = {
    method: input.method,
    arguments: args,
    destination,
    pattern: input.pattern ?? null,
    matcher: input.matcher ?? null,
  };
  if (input.reply) {
    request.ticket = input.reply.ticket;
    request.reply_to = { exchange: input.reply.exchange, routing_key: input.reply.routingKey };
  }
  return request;
}

/** Publish headers of a request: kombu sends `clock` and `expires` (epoch seconds, time() + timeout). */
export function broadcastHeaders(clock: number, timeoutMs: number, nowMs: number): JsonObject {
  return { clock, expires: timeoutMs > 0 ? (nowMs + timeoutMs) / 1000 : 0 };
}

/** The Redis PUBLISH payload of a request (delivery_mode 2 and routing key "" as kombu sends them). */
export function redisBroadcastEnvelope(input: {
  request: PidboxRequest;
  headers: JsonObject;
  exchange: string;
  deliveryTag: string;
}): string {
  return buildRedisEnvelope({
    body: kombuJsonDumps(input.request),
    headers: input.headers,
    deliveryMode: 2,
    exchange: input.exchange,
    routingKey: "",
    priority: 0,
    deliveryTag: input.deliveryTag,
  });
}

// ---------------------------------------------------------------------------
// Replies

export type PidboxReply = {
  /** the request's ticket (kombu ≥ 2.5 always sends it) */
  ticket?: string;
  /** the worker's Lamport clock */
  clock?: number;
  /** `{hostname: result}`; a failed command's result is `{"error": "..."}` */
  replies: Record<string, unknown>;
};

export type ReplyParseResult =
  | { ok: true; reply: PidboxReply }
  | { ok: false; reason: DecodeFailureReason | "not_a_reply"; detail: string };

const replyHeadersSchema = z.looseObject({ ticket: z.string().min(1).max(255).optional() });

/** Validates a decoded reply (body + headers), from either transport. */
export function parsePidboxReply(body: unknown, headers: Record<string, unknown>): ReplyParseResult {
  const head = replyHeadersSchema.safeParse(headers);
  if (!head.success) return { ok: false, reason: "not_a_reply", detail: "ticket header is not a string" };
  if (!isJsonObject(body)) return { ok: false, reason: "not_a_reply", detail: "reply body is not an object" };
  const entries = Object.entries(body);
  if (entries.length === 0) return { ok: false, reason: "not_a_reply", detail: "reply body names no worker" };
  const replies: Record<string, unknown> = {};
  for (const [hostname, result] of entries) setOwn(replies, hostname, result);
  const reply: PidboxReply = { replies };
  if (head.data.ticket !== undefined) reply.ticket = head.data.ticket;
  const clock = headers["clock"];
  if (typeof clock === "number" && Number.isSafeInteger(clock) && clock >= 0) reply.clock = clock;
  return { ok: true, reply };
}

/** A reply as the worker LPUSHes it to the reply list on Redis. */
export function parseRedisPidboxReply(raw: Buffer | string): ReplyParseResult {
  const envelope = decodeEnvelope(raw);
  if (!envelope.ok) return envelope;
  return parsePidboxReply(envelope.body, envelope.headers);
}

/** How many replies end the wait early: a count, or the hostnames that must all answer. */
export type ExpectedReplies = number | readonly string[];

/**
 * kombu sets the reply limit to len(destination) when a destination is given; Bloom goes one
 * step further and waits for those very names (a duplicate reply cannot end the wait early).
 */
export function expectedRepliesFor(destination: readonly string[] | undefined, expected: ExpectedReplies | undefined): ExpectedReplies | undefined {
  if (expected !== undefined) {
    if (typeof expected === "number" && (!Number.isSafeInteger(expected) || expected < 0)) {
      throw new ControlArgumentError("expectedReplies", "expectedReplies must be a whole number ≥ 0 or a list of worker names");
    }
    return expected;
  }
  return destination && destination.length > 0 ? destination : undefined;
}

/** Collects the replies to one ticket and says when the expected ones are all in. */
export class ReplyCollector {
  readonly replies: Record<string, unknown> = {};
  /** hostnames that answered more than once (Celery warns: two workers share a name) */
  readonly duplicates = new Set<string>();

  constructor(
    readonly ticket: string,
    readonly expected?: ExpectedReplies,
  ) {}

  /** Takes a reply if it belongs to this ticket; the last answer of a hostname wins, as in Celery's flatten_reply. */
  offer(reply: PidboxReply): boolean {
    if (reply.ticket !== this.ticket) return false;
    for (const [hostname, result] of Object.entries(reply.replies)) {
      if (Object.hasOwn(this.replies, hostname)) this.duplicates.add(hostname);
      setOwn(this.replies, hostname, result);
    }
    return true;
  }

  /** Without an expectation this stays false: only the timeout ends such a wait (as in Celery). */
  get complete(): boolean {
    const expected = this.expected;
    if (expected === undefined) return false;
    if (typeof expected === "number") return Object.keys(this.replies).length >= expected;
    return expected.every((hostname) => Object.hasOwn(this.replies, hostname));
  }

  get expectsReplies(): boolean {
    return this.expected === undefined || (typeof this.expected === "number" ? this.expected > 0 : this.expected.length > 0);
  }
}

/** kombu.clocks.LamportClock: forward before sending, adjust on receipt. */
export class LamportClock {
  private current = 0;

  get value(): number {
    return this.current;
  }

  forward(): number {
    this.current += 1;
    return this.current;
  }

  adjust(other: number): number {
    this.current = Math.max(this.current, other) + 1;
    return this.current;
  }
}
