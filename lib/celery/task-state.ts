import { orderingClock, sortEventsForReplay } from "./event-order";
import { COMMON_EVENT_FIELDS, eventTimestamp, type CeleryTaskEvent } from "./events";
import { setOwn, type JsonValue } from "./json-value";
import {
  PENDING,
  RECEIVED,
  RETRY,
  TASK_EVENT_TO_STATE,
  isKnownTaskEventType,
  precedence,
  taskStateForEvent,
  type TaskStateName,
} from "./states";
import { localUtcOffsetHours } from "./utc-offset";

export { sortEventsForReplay } from "./event-order";

/**
 * One task as seen through its events: the fields of celery.events.state.Task, as a plain,
 * JSON-serializable object. Times are epoch seconds corrected like Celery's (eventTimestamp).
 * Treat it as immutable: applyTaskEvent always returns a new object.
 */
export type TaskState = {
  uuid: string;
  name: string | null;
  state: TaskStateName;
  /** hostname of the worker of the latest worker-side event; null while only task-sent was seen */
  worker: string | null;
  /** hostname that sent the task (task-sent), e.g. `gen1234@host` for a plain client */
  client: string | null;
  /** repr strings exactly as received, e.g. "(2, 2)" and "{'foo': 'bar'}" */
  args: string | null;
  kwargs: string | null;
  /** repr of the return value */
  result: string | null;
  exception: string | null;
  traceback: string | null;
  retries: number | null;
  eta: string | null;
  expires: string | null;
  parentId: string | null;
  rootId: string | null;
  queue: string | null;
  exchange: string | null;
  routingKey: string | null;
  sent: number | null;
  received: number | null;
  started: number | null;
  succeeded: number | null;
  failed: number | null;
  retried: number | null;
  revoked: number | null;
  rejected: number | null;
  runtime: number | null;
  /** time of the event that set the current state */
  timestamp: number | null;
  /** Lamport clock of the event that set the current state (0: none, e.g. task-sent) */
  clock: number;
  /** from task-revoked */
  revokedTerminated: boolean | null;
  revokedSignum: number | string | null;
  revokedExpired: boolean | null;
  /** from task-rejected */
  rejectedRequeue: boolean | null;
  /**
   * Time of the latest event of each custom state (`task-progress` → `{PROGRESS: t}`).
   * celery: Celery records no timestamp for custom events beyond `timestamp`.
   */
  customTimestamps?: Record<string, number>;
  /** Event fields Celery does not document (custom events, newer Celery versions). */
  extra?: Record<string, JsonValue>;
};

export function emptyTaskState(uuid: string): TaskState {
  return {
    uuid,
    name: null,
    state: PENDING,
    worker: null,
    client: null,
    args: null,
    kwargs: null,
    result: null,
    exception: null,
    traceback: null,
    retries: null,
    eta: null,
    expires: null,
    parentId: null,
    rootId: null,
    queue: null,
    exchange: null,
    routingKey: null,
    sent: null,
    received: null,
    started: null,
    succeeded: null,
    failed: null,
    retried: null,
    revoked: null,
    rejected: null,
    runtime: null,
    timestamp: null,
    clock: 0,
    revokedTerminated: null,
    revokedSignum: null,
    revokedExpired: null,
    rejectedRequeue: null,
  };
}

/** How each documented event field lands in TaskState. */
const FIELD_SETTERS = {
  name: (s: TaskState, e: CeleryTaskEvent) => void (s.name = e.name ?? null),
  args: (s: TaskState, e: CeleryTaskEvent) => void (s.args = e.args ?? null),
  kwargs: (s: TaskState, e: CeleryTaskEvent) => void (s.kwargs = e.kwargs ?? null),
  result: (s: TaskState, e: CeleryTaskEvent) => void (s.result = e.result ?? null),
  exception: (s: TaskState, e: CeleryTaskEvent) => void (s.exception = e.exception ?? null),
  traceback: (s: TaskState, e: CeleryTaskEvent) => void (s.traceback = e.traceback ?? null),
  retries: (s: TaskState, e: CeleryTaskEvent) => void (s.retries = e.retries ?? null),
  eta: (s: TaskState, e: CeleryTaskEvent) => void (s.eta = e.eta ?? null),
  expires: (s: TaskState, e: CeleryTaskEvent) => void (s.expires = e.expires ?? null),
  parent_id: (s: TaskState, e: CeleryTaskEvent) => void (s.parentId = e.parent_id ?? null),
  root_id: (s: TaskState, e: CeleryTaskEvent) => void (s.rootId = e.root_id ?? null),
  queue: (s: TaskState, e: CeleryTaskEvent) => void (s.queue = e.queue ?? null),
  exchange: (s: TaskState, e: CeleryTaskEvent) => void (s.exchange = e.exchange ?? null),
  routing_key: (s: TaskState, e: CeleryTaskEvent) => void (s.routingKey = e.routing_key ?? null),
  runtime: (s: TaskState, e: CeleryTaskEvent) => void (s.runtime = e.runtime ?? null),
  terminated: (s: TaskState, e: CeleryTaskEvent) => void (s.revokedTerminated = e.terminated ?? null),
  signum: (s: TaskState, e: CeleryTaskEvent) => void (s.revokedSignum = e.signum ?? null),
  expired: (s: TaskState, e: CeleryTaskEvent) => void (s.revokedExpired = e.expired ?? null),
  requeue: (s: TaskState, e: CeleryTaskEvent) => void (s.rejectedRequeue = e.requeue ?? null),
} as const;

export type TaskEventField = keyof typeof FIELD_SETTERS;
const TASK_EVENT_FIELDS = Object.keys(FIELD_SETTERS) as TaskEventField[];

/**
 * celery.events.state.Task.merge_rules: when an event arrives after a state of higher
 * precedence, these are the only fields it may still contribute. RECEIVED is the only rule.
 */
export const MERGE_RULES: Readonly<Record<string, readonly TaskEventField[]>> = {
  [RECEIVED]: ["name", "args", "kwargs", "parent_id", "root_id", "retries", "eta", "expires"],
};

// Present on every event and handled explicitly (or meaningless for a task): never "extra".
const NOT_EXTRA: ReadonlySet<string> = new Set<string>([...COMMON_EVENT_FIELDS, "uuid", "local_received", ...TASK_EVENT_FIELDS]);

export type ApplyEventOptions = {
  /** receiver's utcoffset in Celery's convention (hours west of UTC); default: this process's */
  localUtcOffset?: number;
};

/**
 * Task.event of celery/events/state.py, as a pure function:
 * - the event's state comes from TASK_EVENT_TO_STATE, or is the upper-cased subject of a
 *   custom `task-x` event;
 * - a known event stores its time in its own field (`received`, `started`, ...) whatever
 *   order events arrive in;
 * - an event whose state has lower precedence than the current one arrived late: it does
 *   not change the state, and only merges fields (just name/args/kwargs/parent_id/root_id/
 *   retries/eta/expires for a late task-received, every field otherwise);
 * - RETRY is exempt both ways: a RETRY always applies and anything after a RETRY applies;
 * - task-sent comes from the client: its hostname is `client`, any other event's is `worker`.
 */
export function applyTaskEvent(prev: TaskState | undefined, event: CeleryTaskEvent, opts: ApplyEventOptions = {}): TaskState {
  const ts = eventTimestamp(event, opts.localUtcOffset ?? localUtcOffsetHours());
  // The uuid of an existing state wins: applying another task's event is the caller's bug,
  // and must not re-key the state.
  const next: TaskState = prev ? { ...prev } : emptyTaskState(event.uuid);

  let state: TaskStateName;
  if (isKnownTaskEventType(event.type)) {
    const known = TASK_EVENT_TO_STATE[event.type];
    state = known.state;
    next[known.field] = ts;
  } else {
    state = taskStateForEvent(event.type);
    next.customTimestamps = { ...prev?.customTimestamps };
    setOwn(next.customTimestamps, state, ts);
  }

  if (event.type === "task-sent") next.client = event.hostname;
  else next.worker = event.hostname;

  // Precedence is "reversed": a larger index is a logically earlier state.
  const arrivedLate = state !== RETRY && next.state !== RETRY && precedence(state) > precedence(next.state);
  if (arrivedLate) {
    const keep = MERGE_RULES[state];
    if (keep) {
      copyFields(next, event, keep);
    } else {
      copyFields(next, event, TASK_EVENT_FIELDS);
      copyExtra(next, prev, event);
      // celery: Celery also lets such a late event overwrite `timestamp` and `clock` (they are
      // ordinary event fields there), so a late task-started would move a finished task's
      // timestamp back. Here both keep describing the event that set the state.
    }
  } else {
    copyFields(next, event, TASK_EVENT_FIELDS);
    copyExtra(next, prev, event);
    next.state = state;
    next.timestamp = ts;
    // celery: a task-sent's client clock is stored as 0 (see orderingClock).
    next.clock = orderingClock(event);
  }
  return next;
}

function copyFields(into: TaskState, event: CeleryTaskEvent, fields: readonly TaskEventField[]): void {
  for (const field of fields) {
    // An absent field leaves the state alone; an explicit null clears it, as in Celery.
    if (event[field] !== undefined) FIELD_SETTERS[field](into, event);
  }
}

function copyExtra(into: TaskState, prev: TaskState | undefined, event: CeleryTaskEvent): void {
  let extra: Record<string, JsonValue> | undefined;
  for (const [key, value] of Object.entries(event)) {
    if (NOT_EXTRA.has(key) || value === undefined) continue;
    extra ??= { ...prev?.extra };
    // parseEventBody has already reduced unknown fields to storable JSON values.
    setOwn(extra, key, value as JsonValue);
  }
  if (extra) into.extra = extra;
}

/**
 * Applies several events of one task: sorted with sortEventsForReplay (Lamport clock, else
 * timestamp), then folded with applyTaskEvent. Returns `prev` when there are no events.
 */
export function applyTaskEvents(
  prev: TaskState | undefined,
  events: readonly CeleryTaskEvent[],
  opts: ApplyEventOptions = {},
): TaskState | undefined {
  const localUtcOffset = opts.localUtcOffset ?? localUtcOffsetHours();
  let state = prev;
  for (const event of sortEventsForReplay(events)) state = applyTaskEvent(state, event, { localUtcOffset });
  return state;
}
