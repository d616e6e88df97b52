/**
 * Bloom's Celery protocol library: message envelopes, event validation, task/worker state
 * reducers and Python literal parsing. Pure TypeScript, no framework or broker client.
 */
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  decodeBody,
  decodeEnvelope,
  type BodyDecodeOptions,
  type BodyDecodeResult,
  type DecodedEnvelope,
  type DecodeFailure,
  type DecodeFailureReason,
  type DecodeOptions,
  type DecodeResult,
} from "./envelope";
export {
  COMMON_EVENT_FIELDS,
  EVENT_FIELDS,
  EVENT_LIMITS,
  eventTimestamp,
  isTaskEvent,
  isWorkerEvent,
  parseEventBody,
  type CeleryEvent,
  type CeleryTaskEvent,
  type CeleryWorkerEvent,
  type EventAdjustment,
  type EventRejectReason,
  type ParsedEvents,
  type ParseEventOptions,
  type RejectedEvent,
} from "./events";
export { orderingClock, sortEventsForReplay, type OrderableEvent } from "./event-order";
export {
  ALL_STATES,
  BUILTIN_TASK_STATES,
  EXCEPTION_STATES,
  FAILURE,
  IGNORED,
  PENDING,
  PRECEDENCE,
  PROPAGATE_STATES,
  READY_STATES,
  RECEIVED,
  REJECTED,
  RETRY,
  REVOKED,
  STARTED,
  SUCCESS,
  TASK_EVENT_TO_STATE,
  UNREADY_STATES,
  isBuiltinState,
  isExceptionState,
  isKnownTaskEventType,
  isPropagateState,
  isReadyState,
  isUnreadyState,
  precedence,
  stateOutranks,
  taskStateForEvent,
  type BuiltinTaskState,
  type KnownTaskEventType,
  type TaskEventTimestampField,
  type TaskStateName,
} from "./states";
export {
  MERGE_RULES,
  applyTaskEvent,
  applyTaskEvents,
  emptyTaskState,
  type ApplyEventOptions,
  type TaskEventField,
  type TaskState,
} from "./task-state";
export {
  DEFAULT_HEARTBEAT_FREQ,
  HEARTBEAT_EXPIRE_WINDOW,
  applyWorkerEvent,
  emptyWorkerState,
  heartbeatExpires,
  isWorkerAlive,
  type ApplyWorkerEventOptions,
  type WorkerState,
} from "./worker-state";
export {
  BIG_INT_KEY,
  BYTES_KEY,
  FLOAT_KEY,
  PYTHON_LITERAL_DEFAULTS,
  parsePythonLiteral,
  type PythonLiteralFailure,
  type PythonLiteralOptions,
  type PythonLiteralResult,
} from "./python-literal";
export { parsePythonJson, type PythonJsonResult } from "./python-json";
export { adjustTimestamp, localUtcOffsetHours } from "./utc-offset";
export { isStorableText, toStorableText, truncateText } from "./text-safety";
export { isJsonObject, type JsonObject, type JsonValue } from "./json-value";
export * from "./control-messages";
export * from "./task-message";
export * from "./broker-url";
export * from "./result-meta";
