import { z } from "zod";
import { isJsonObject, setOwn, type JsonValue } from "./json-value";
import { isStorableText, toStorableText, truncateText } from "./text-safety";
import { adjustTimestamp, localUtcOffsetHours } from "./utc-offset";

/**
 * Celery event bodies (celery/events/dispatcher.py, celery/worker/...): validation at the
 * trust boundary. An event is a flat JSON object with `type`, `hostname`, `utcoffset`, `pid`,
 * `clock`, `timestamp` plus per-type fields; task events carry `uuid`. A message body is
 * one event or a list of them (`task.multi`, sent by prefork/threads workers).
 *
 * Each event is validated on its own, so one malformed item never costs its neighbours.
 * Fields Celery documents are type-checked; any other field is kept as is (custom events
 * and future Celery versions add fields).
 *
 * celery: Celery's receiver accepts any dict and its State copies every field as is. Bloom
 * rejects events whose documented fields have the wrong type or range (they would end up in
 * typed database columns) and events without hostname/timestamp (and uuid, for task events),
 * which Celery's own dispatcher always sends.
 */

/** Fields each built-in event type carries on the wire (Celery 5.2), besides the common ones. */
export const EVENT_FIELDS = {
  "task-sent": ["uuid", "name", "args", "kwargs", "retries", "eta", "expires", "parent_id", "root_id", "queue", "exchange", "routing_key"],
  "task-received": ["uuid", "name", "args", "kwargs", "retries", "eta", "expires", "parent_id", "root_id"],
  "task-started": ["uuid"],
  "task-succeeded": ["uuid", "result", "runtime"],
  "task-failed": ["uuid", "exception", "traceback"],
  "task-retried": ["uuid", "exception", "traceback"],
  "task-revoked": ["uuid", "terminated", "signum", "expired"],
  "task-rejected": ["uuid", "requeue"],
  "worker-online": ["freq", "active", "processed", "loadavg", "sw_ident", "sw_ver", "sw_sys"],
  "worker-heartbeat": ["freq", "active", "processed", "loadavg", "sw_ident", "sw_ver", "sw_sys"],
  "worker-offline": ["freq", "active", "processed", "loadavg", "sw_ident", "sw_ver", "sw_sys"],
} as const satisfies Record<string, readonly string[]>;

export const COMMON_EVENT_FIELDS = ["type", "hostname", "utcoffset", "pid", "clock", "timestamp"] as const;

export const EVENT_LIMITS = {
  /** `type` */
  type: 128,
  /** hostname, uuid, parent_id, root_id */
  identifier: 255,
  /** task name */
  taskName: 1024,
  /** queue, exchange, routing_key, sw_*, eta, expires */
  label: 255,
  /** repr strings (args, kwargs, result, exception): longer ones are truncated, not rejected */
  repr: 64 * 1024,
  /** traceback: longer ones are truncated, not rejected */
  traceback: 256 * 1024,
  /** nesting of unknown extra fields */
  extraDepth: 32,
  /** events per message body; Celery's own buffer flushes at 24 */
  eventsPerBody: 10_000,
} as const;

// Largest timestamp we accept: year 5138, far inside Date's range.
const MAX_TIMESTAMP = 1e11;

// `task-` / `worker-` plus a non-empty subject; Celery upper-cases the subject of unknown task
// events into a custom state, so it is kept to a conservative ASCII alphabet.
const EVENT_TYPE = /^(task|worker)-[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const ANY_GROUP_TYPE = /^[A-Za-z0-9_.:]+-[A-Za-z0-9_.:-]+$/;

const UNSTORABLE_MESSAGE = "contains NUL or an unpaired surrogate";

function identifier(max: number) {
  return z.string().min(1).max(max).refine(isStorableText, UNSTORABLE_MESSAGE);
}
function label(max: number) {
  return z.string().max(max).refine(isStorableText, UNSTORABLE_MESSAGE);
}

const commonShape = {
  type: z.string(),
  hostname: identifier(EVENT_LIMITS.identifier),
  utcoffset: z.number().min(-24).max(24).nullish(),
  pid: z.int().nonnegative().nullish(),
  // celery: the receiver invents a clock for events without one; 0 means "no logical clock"
  // in kombu's timetuple ordering, which is how a missing clock is treated here.
  clock: z
    .int()
    .nonnegative()
    .nullish()
    .transform((clock) => clock ?? 0),
  timestamp: z.number().min(0).max(MAX_TIMESTAMP),
};

const taskEventSchema = z.looseObject({
  ...commonShape,
  uuid: identifier(EVENT_LIMITS.identifier),
  name: identifier(EVENT_LIMITS.taskName).nullish(),
  args: z.string().nullish(),
  kwargs: z.string().nullish(),
  retries: z.int().nonnegative().nullish(),
  eta: label(EVENT_LIMITS.label).nullish(),
  expires: label(EVENT_LIMITS.label).nullish(),
  parent_id: identifier(EVENT_LIMITS.identifier).nullish(),
  root_id: identifier(EVENT_LIMITS.identifier).nullish(),
  queue: label(EVENT_LIMITS.label).nullish(),
  exchange: label(EVENT_LIMITS.label).nullish(),
  routing_key: label(EVENT_LIMITS.label).nullish(),
  result: z.string().nullish(),
  runtime: z.number().nullish(),
  exception: z.string().nullish(),
  traceback: z.string().nullish(),
  terminated: z.boolean().nullish(),
  signum: z.union([z.int(), label(32)]).nullish(),
  expired: z.boolean().nullish(),
  requeue: z.boolean().nullish(),
});

const workerEventSchema = z.looseObject({
  ...commonShape,
  freq: z.number().nonnegative().max(86_400).nullish(),
  active: z.int().nonnegative().nullish(),
  processed: z.int().nonnegative().nullish(),
  loadavg: z.array(z.number()).max(16).nullish(),
  sw_ident: label(EVENT_LIMITS.label).nullish(),
  sw_ver: label(EVENT_LIMITS.label).nullish(),
  sw_sys: label(EVENT_LIMITS.label).nullish(),
});

export type CeleryTaskEvent = z.output<typeof taskEventSchema>;
export type CeleryWorkerEvent = z.output<typeof workerEventSchema>;
export type CeleryEvent = CeleryTaskEvent | CeleryWorkerEvent;

export function isTaskEvent(event: CeleryEvent): event is CeleryTaskEvent {
  return event.type.startsWith("task-");
}

export function isWorkerEvent(event: CeleryEvent): event is CeleryWorkerEvent {
  return event.type.startsWith("worker-");
}

export type EventRejectReason =
  | "not_an_event_body"
  | "not_an_object"
  | "missing_type"
  | "invalid_type"
  | "unsupported_type"
  | "missing_field"
  | "invalid_field"
  | "too_many_events";

export type RejectedEvent = { reason: EventRejectReason; detail: string; item: unknown; index: number };

/** A field value changed to make it storable; the event itself was accepted. */
export type EventAdjustment = { index: number; field: string; change: "truncated" | "sanitized" };

export type ParsedEvents = {
  events: CeleryEvent[];
  rejected: RejectedEvent[];
  adjusted: EventAdjustment[];
};

export type ParseEventOptions = { maxEvents?: number };

/**
 * Validates a decoded event message body: one event object, or a list of them (`task.multi`).
 * Never throws; everything that is not a usable event ends up in `rejected` with a reason.
 */
export function parseEventBody(body: unknown, opts: ParseEventOptions = {}): ParsedEvents {
  const out: ParsedEvents = { events: [], rejected: [], adjusted: [] };
  const maxEvents = opts.maxEvents ?? EVENT_LIMITS.eventsPerBody;
  let items: readonly unknown[];
  if (Array.isArray(body)) {
    items = body;
  } else if (isJsonObject(body)) {
    items = [body];
  } else {
    out.rejected.push({ reason: "not_an_event_body", detail: `body is ${describe(body)}`, item: body, index: 0 });
    return out;
  }
  items.forEach((item, index) => {
    if (index >= maxEvents) {
      out.rejected.push({ reason: "too_many_events", detail: `more than ${maxEvents} events in one body`, item, index });
      return;
    }
    const result = parseEventItem(item, index, out.adjusted);
    if (result.ok) out.events.push(result.event);
    else out.rejected.push({ reason: result.reason, detail: result.detail, item, index });
  });
  return out;
}

type ItemResult = { ok: true; event: CeleryEvent } | { ok: false; reason: EventRejectReason; detail: string };

function parseEventItem(item: unknown, index: number, adjusted: EventAdjustment[]): ItemResult {
  if (!isJsonObject(item)) return { ok: false, reason: "not_an_object", detail: `event is ${describe(item)}` };
  if (!Object.hasOwn(item, "type")) return { ok: false, reason: "missing_type", detail: "event has no type" };
  const type = item["type"];
  if (typeof type !== "string") return { ok: false, reason: "invalid_type", detail: `type is ${describe(type)}` };
  if (type.length === 0 || type.length > EVENT_LIMITS.type) {
    return { ok: false, reason: "invalid_type", detail: `type length ${type.length} is outside 1..${EVENT_LIMITS.type}` };
  }
  if (!EVENT_TYPE.test(type)) {
    // Well-formed events of other groups exist (Celery's State ignores them too).
    if (ANY_GROUP_TYPE.test(type)) return { ok: false, reason: "unsupported_type", detail: `not a task or worker event: ${type}` };
    return { ok: false, reason: "invalid_type", detail: `malformed type ${JSON.stringify(type)}` };
  }

  const isTask = type.startsWith("task-");
  const required = isTask ? ["hostname", "timestamp", "uuid"] : ["hostname", "timestamp"];
  const missing = required.filter((key) => item[key] === undefined);
  if (missing.length > 0) return { ok: false, reason: "missing_field", detail: `missing ${missing.join(", ")}` };

  const parsed = isTask ? taskEventSchema.safeParse(item) : workerEventSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join(".") || "(event)"}: ${issue.message}` : "invalid event";
    return { ok: false, reason: "invalid_field", detail };
  }

  const repaired = repairText(parsed.data, index, adjusted);
  if (!repaired.ok) return { ok: false, reason: "invalid_field", detail: repaired.detail };
  return { ok: true, event: repaired.event as CeleryEvent };
}

const FREE_TEXT_LIMITS: Readonly<Record<string, number>> = {
  args: EVENT_LIMITS.repr,
  kwargs: EVENT_LIMITS.repr,
  result: EVENT_LIMITS.repr,
  exception: EVENT_LIMITS.repr,
  traceback: EVENT_LIMITS.traceback,
};

const VALIDATED_FIELDS: ReadonlySet<string> = new Set([
  ...COMMON_EVENT_FIELDS,
  ...Object.values(EVENT_FIELDS).flat(),
]);

/**
 * Free text (repr strings, tracebacks, unknown fields) is repaired rather than rejected:
 * losing a task-failed because its traceback holds a NUL would lose the FAILURE itself.
 * celery: Celery keeps such values untouched; PostgreSQL cannot store NUL or unpaired
 * surrogates (see text-safety.ts), and rows must stay bounded, so over-long repr strings and
 * tracebacks are truncated with a visible marker. Each change is reported in `adjusted`.
 */
function repairText(
  event: Record<string, unknown>,
  index: number,
  adjusted: EventAdjustment[],
): { ok: true; event: Record<string, unknown> } | { ok: false; detail: string } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    const safeKey = toStorableText(key);
    if (safeKey !== key) adjusted.push({ index, field: safeKey, change: "sanitized" });
    const limit = FREE_TEXT_LIMITS[key];
    if (limit !== undefined && typeof value === "string") {
      let text = toStorableText(value);
      if (text !== value) adjusted.push({ index, field: key, change: "sanitized" });
      if (text.length > limit) {
        text = truncateText(text, limit);
        adjusted.push({ index, field: key, change: "truncated" });
      }
      setOwn(out, safeKey, text);
    } else if (VALIDATED_FIELDS.has(key)) {
      setOwn(out, safeKey, value);
    } else {
      const cleaned = sanitizeJson(value, 0);
      if (!cleaned.ok) return { ok: false, detail: `${key}: nested deeper than ${EVENT_LIMITS.extraDepth}` };
      if (cleaned.changed) adjusted.push({ index, field: safeKey, change: "sanitized" });
      setOwn(out, safeKey, cleaned.value);
    }
  }
  return { ok: true, event: out };
}

type Sanitized = { ok: true; value: JsonValue; changed: boolean } | { ok: false };

function sanitizeJson(value: unknown, depth: number): Sanitized {
  if (depth > EVENT_LIMITS.extraDepth) return { ok: false };
  if (typeof value === "string") {
    const text = toStorableText(value);
    return { ok: true, value: text, changed: text !== value };
  }
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    return { ok: true, value, changed: false };
  }
  if (Array.isArray(value)) {
    let changed = false;
    const items: JsonValue[] = [];
    for (const item of value) {
      const cleaned = sanitizeJson(item, depth + 1);
      if (!cleaned.ok) return cleaned;
      changed ||= cleaned.changed;
      items.push(cleaned.value);
    }
    return { ok: true, value: items, changed };
  }
  if (isJsonObject(value)) {
    let changed = false;
    const obj: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      const cleaned = sanitizeJson(item, depth + 1);
      if (!cleaned.ok) return cleaned;
      const safeKey = toStorableText(key);
      changed ||= cleaned.changed || safeKey !== key;
      setOwn(obj, safeKey, cleaned.value);
    }
    return { ok: true, value: obj, changed };
  }
  // Not reachable for JSON input; anything else is dropped to null rather than stored.
  return { ok: true, value: null, changed: true };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * The event's time as Celery's State records it: `timestamp` corrected with `utcoffset` by
 * adjust_timestamp (see utc-offset.ts). `localUtcOffset` is the receiver's offset in Celery's
 * convention (hours west of UTC), by default this process's.
 */
export function eventTimestamp(
  event: { timestamp: number; utcoffset?: number | null },
  localUtcOffset: number = localUtcOffsetHours(),
): number {
  if (event.utcoffset === undefined || event.utcoffset === null) return event.timestamp;
  return adjustTimestamp(event.timestamp, event.utcoffset, localUtcOffset);
}
