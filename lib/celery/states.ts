/**
 * Task states and their precedence, as in celery/states.py and celery/events/state.py.
 * States stay Celery's upper-case strings; custom states (from `task-<x>` events or
 * `update_state(state='PROGRESS')`) are any other string.
 */

export const PENDING = "PENDING";
export const RECEIVED = "RECEIVED";
export const STARTED = "STARTED";
export const SUCCESS = "SUCCESS";
export const FAILURE = "FAILURE";
export const REVOKED = "REVOKED";
export const REJECTED = "REJECTED";
export const RETRY = "RETRY";
export const IGNORED = "IGNORED";

export const BUILTIN_TASK_STATES = [PENDING, RECEIVED, STARTED, SUCCESS, FAILURE, REVOKED, REJECTED, RETRY, IGNORED] as const;

export type BuiltinTaskState = (typeof BUILTIN_TASK_STATES)[number];
/** A built-in state or a custom one; `string & {}` keeps editor completion for the built-ins. */
export type TaskStateName = BuiltinTaskState | (string & {});

/**
 * Lower index = higher precedence. `null` is the slot of every state not listed (custom
 * states, and IGNORED): below SUCCESS and FAILURE, above REVOKED and everything else.
 */
export const PRECEDENCE: readonly (BuiltinTaskState | null)[] = [
  SUCCESS,
  FAILURE,
  null,
  REVOKED,
  STARTED,
  RECEIVED,
  REJECTED,
  RETRY,
  PENDING,
];

const PRECEDENCE_LOOKUP: ReadonlyMap<string | null, number> = new Map(PRECEDENCE.map((state, index) => [state, index]));
const NONE_PRECEDENCE = PRECEDENCE.indexOf(null);

/** Precedence index of a state (lower index = higher precedence), celery.states.precedence. */
export function precedence(state: string): number {
  return PRECEDENCE_LOOKUP.get(state) ?? NONE_PRECEDENCE;
}

/** `state(a) > state(b)` in celery.states: a has strictly higher precedence than b. */
export function stateOutranks(a: string, b: string): boolean {
  return precedence(a) < precedence(b);
}

export const READY_STATES: ReadonlySet<string> = new Set([SUCCESS, FAILURE, REVOKED]);
export const UNREADY_STATES: ReadonlySet<string> = new Set([PENDING, RECEIVED, STARTED, REJECTED, RETRY]);
export const EXCEPTION_STATES: ReadonlySet<string> = new Set([RETRY, FAILURE, REVOKED]);
export const PROPAGATE_STATES: ReadonlySet<string> = new Set([FAILURE, REVOKED]);
/** celery.states.ALL_STATES (which, as in Celery, leaves out REJECTED and IGNORED). */
export const ALL_STATES: ReadonlySet<string> = new Set([PENDING, RECEIVED, STARTED, SUCCESS, FAILURE, RETRY, REVOKED]);

/** The task has finished: its result (or exception) is final. */
export function isReadyState(state: string): boolean {
  return READY_STATES.has(state);
}

export function isUnreadyState(state: string): boolean {
  return UNREADY_STATES.has(state);
}

export function isExceptionState(state: string): boolean {
  return EXCEPTION_STATES.has(state);
}

export function isPropagateState(state: string): boolean {
  return PROPAGATE_STATES.has(state);
}

export function isBuiltinState(state: string): state is BuiltinTaskState {
  return (BUILTIN_TASK_STATES as readonly string[]).includes(state);
}

/** Names of the TaskState fields that record when each known event happened. */
export type TaskEventTimestampField =
  | "sent"
  | "received"
  | "started"
  | "succeeded"
  | "failed"
  | "retried"
  | "revoked"
  | "rejected";

/**
 * celery.events.state.TASK_EVENT_TO_STATE, with the state and the timestamp field each event
 * sets. celery: Celery keys this by subject ("sent"); Bloom keys it by the full event type.
 */
export const TASK_EVENT_TO_STATE = {
  "task-sent": { state: PENDING, field: "sent" },
  "task-received": { state: RECEIVED, field: "received" },
  "task-started": { state: STARTED, field: "started" },
  "task-failed": { state: FAILURE, field: "failed" },
  "task-retried": { state: RETRY, field: "retried" },
  "task-succeeded": { state: SUCCESS, field: "succeeded" },
  "task-revoked": { state: REVOKED, field: "revoked" },
  "task-rejected": { state: REJECTED, field: "rejected" },
} as const satisfies Record<string, { state: BuiltinTaskState; field: TaskEventTimestampField }>;

export type KnownTaskEventType = keyof typeof TASK_EVENT_TO_STATE;

export function isKnownTaskEventType(type: string): type is KnownTaskEventType {
  return Object.hasOwn(TASK_EVENT_TO_STATE, type);
}

/**
 * The state a task event moves to: the table above, else the upper-cased subject
 * (`task-progress` → `PROGRESS`, `task-foo-bar` → `FOO-BAR`), as Task.event does.
 */
export function taskStateForEvent(type: string): TaskStateName {
  if (isKnownTaskEventType(type)) return TASK_EVENT_TO_STATE[type].state;
  const dash = type.indexOf("-");
  return (dash === -1 ? type : type.slice(dash + 1)).toUpperCase();
}
