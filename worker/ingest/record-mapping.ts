import type { JsonValue } from "@/lib/celery/json-value";
import { emptyTaskState, type TaskState } from "@/lib/celery/task-state";
import type { WorkerState } from "@/lib/celery/worker-state";
import type { WorkerRecord } from "@/lib/repositories/ingest-batch-writes";
import type { TaskRecord } from "@/lib/repositories/task-records";

/**
 * Converts between the protocol library's states (what Celery's State would hold) and the
 * rows the repositories store. Fields without a column of their own travel in `details`.
 */

type TaskDetails = Pick<TaskState, "revokedTerminated" | "revokedSignum" | "revokedExpired" | "rejectedRequeue" | "customTimestamps" | "extra">;

export function taskRecordToState(record: TaskRecord): TaskState {
  const details = parseJson<Partial<TaskDetails>>(record.details) ?? {};
  return {
    ...emptyTaskState(record.uuid),
    name: record.name,
    state: record.state,
    worker: record.worker,
    client: record.client,
    args: record.args,
    kwargs: record.kwargs,
    result: record.result,
    exception: record.exception,
    traceback: record.traceback,
    retries: record.retries,
    eta: epochToIso(record.eta),
    expires: epochToIso(record.expires),
    parentId: record.parentId,
    rootId: record.rootId,
    queue: record.queue,
    exchange: record.exchange,
    routingKey: record.routingKey,
    sent: record.sent,
    received: record.received,
    started: record.started,
    succeeded: record.succeeded,
    failed: record.failed,
    retried: record.retried,
    revoked: record.revoked,
    rejected: record.rejected,
    runtime: record.runtime,
    timestamp: record.stateAt,
    clock: record.clock,
    revokedTerminated: details.revokedTerminated ?? null,
    revokedSignum: details.revokedSignum ?? null,
    revokedExpired: details.revokedExpired ?? null,
    rejectedRequeue: details.rejectedRequeue ?? null,
    ...(details.customTimestamps ? { customTimestamps: details.customTimestamps } : {}),
    ...(details.extra ? { extra: details.extra } : {}),
  };
}

/** `parsed` carries the JSON text of args/kwargs, computed by the caller only when they changed. */
export function taskStateToRecord(state: TaskState, parsed: { argsJson: string | null; kwargsJson: string | null }): TaskRecord {
  const details: TaskDetails = {
    revokedTerminated: state.revokedTerminated,
    revokedSignum: state.revokedSignum,
    revokedExpired: state.revokedExpired,
    rejectedRequeue: state.rejectedRequeue,
    customTimestamps: state.customTimestamps,
    extra: state.extra,
  };
  const hasDetails = Object.values(details).some((value) => value !== null && value !== undefined);
  return {
    uuid: state.uuid,
    name: state.name,
    state: state.state,
    worker: state.worker,
    client: state.client,
    args: state.args,
    kwargs: state.kwargs,
    argsJson: parsed.argsJson,
    kwargsJson: parsed.kwargsJson,
    details: hasDetails ? JSON.stringify(details) : null,
    result: state.result,
    exception: state.exception,
    traceback: state.traceback,
    retries: state.retries ?? 0,
    queue: state.queue,
    exchange: state.exchange,
    routingKey: state.routingKey,
    parentId: state.parentId,
    rootId: state.rootId,
    eta: isoToEpoch(state.eta),
    expires: isoToEpoch(state.expires),
    sent: state.sent,
    received: state.received,
    started: state.started,
    succeeded: state.succeeded,
    failed: state.failed,
    retried: state.retried,
    revoked: state.revoked,
    rejected: state.rejected,
    runtime: state.runtime,
    stateAt: state.timestamp,
    clock: state.clock,
  };
}

export function workerRecordToState(record: WorkerRecord): WorkerState {
  return {
    hostname: record.hostname,
    pid: record.pid,
    freq: record.freq,
    active: record.active,
    processed: record.processed,
    loadavg: parseJson<number[]>(record.loadavg),
    swIdent: record.swIdent,
    swVer: record.swVer,
    swSys: record.swSys,
    lastHeartbeat: record.lastHeartbeat,
    status: record.status,
    onlineAt: record.onlineAt,
    offlineAt: record.offlineAt,
    clock: record.clock,
    timestamp: record.lastEventAt,
  };
}

export function workerStateToRecord(state: WorkerState): WorkerRecord {
  return {
    hostname: state.hostname,
    status: state.status,
    lastHeartbeat: state.lastHeartbeat,
    freq: state.freq,
    pid: state.pid,
    swIdent: state.swIdent,
    swVer: state.swVer,
    swSys: state.swSys,
    active: state.active ?? 0,
    processed: state.processed ?? 0,
    loadavg: state.loadavg ? JSON.stringify(state.loadavg) : null,
    clock: state.clock,
    lastEventAt: state.timestamp,
    onlineAt: state.onlineAt,
    offlineAt: state.offlineAt,
  };
}

function parseJson<T extends JsonValue | object>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null; // a damaged stored value must not stop ingest of the task
  }
}

function epochToIso(epoch: number | null): string | null {
  return epoch === null ? null : new Date(epoch * 1000).toISOString();
}

function isoToEpoch(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : null;
}
