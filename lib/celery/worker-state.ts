import { eventTimestamp, type CeleryWorkerEvent } from "./events";
import { localUtcOffsetHours } from "./utc-offset";

/**
 * One worker as seen through worker-online / worker-heartbeat / worker-offline events
 * (celery.events.state.Worker), as a plain, JSON-serializable object.
 */
export type WorkerState = {
  hostname: string;
  pid: number | null;
  /** heartbeat interval in seconds */
  freq: number;
  /** tasks executing at the last event */
  active: number | null;
  /** tasks processed since the worker started */
  processed: number | null;
  loadavg: number[] | null;
  swIdent: string | null;
  swVer: string | null;
  swSys: string | null;
  /** when the newest heartbeat (or online event) was received; null if none yet */
  lastHeartbeat: number | null;
  status: "online" | "offline";
  /** corrected time of the worker-online (or first heartbeat) that started this run */
  onlineAt: number | null;
  /** corrected time of the worker-offline that ended it */
  offlineAt: number | null;
  /** Lamport clock of the newest applied event */
  clock: number;
  /** corrected time of the newest applied event */
  timestamp: number | null;
};

/** celery.events.state.HEARTBEAT_EXPIRE_WINDOW: percent of `freq` after which a silent worker is gone. */
export const HEARTBEAT_EXPIRE_WINDOW = 200;

/** celery.events.state.Worker's default `freq` when no event has told us. */
export const DEFAULT_HEARTBEAT_FREQ = 60;

export type ApplyWorkerEventOptions = {
  /**
   * When the monitor received the event (epoch seconds). Celery measures liveness from
   * receive times (`local_received`), which keeps it immune to clock skew between the
   * worker and the monitor; pass it whenever known. Default: the event's corrected timestamp.
   */
  receivedAt?: number;
  /** receiver's utcoffset in Celery's convention; default: this process's */
  localUtcOffset?: number;
};

export function emptyWorkerState(hostname: string): WorkerState {
  return {
    hostname,
    pid: null,
    freq: DEFAULT_HEARTBEAT_FREQ,
    active: null,
    processed: null,
    loadavg: null,
    swIdent: null,
    swVer: null,
    swSys: null,
    lastHeartbeat: null,
    status: "offline",
    onlineAt: null,
    offlineAt: null,
    clock: 0,
    timestamp: null,
  };
}

/**
 * Worker.event of celery/events/state.py as a pure function. worker-offline ends the worker's
 * run; any other worker event (online, heartbeat, or an unknown worker-*) is a sign of life.
 *
 * celery: Celery keeps the last four receive times in `heartbeats` (sorted, so a late one
 * lands in the middle and `heartbeats[-1]` stays the newest) and copies every event's fields
 * whatever their age. Bloom keeps only the newest receive time, which gives the same
 * liveness, and ignores events older than the newest one applied (by corrected timestamp,
 * not clock: a restarted worker starts a new clock), so a delayed heartbeat can neither
 * roll back `active`/`processed` nor revive a worker that has since gone offline.
 *
 * celery: State also counts every task event as a heartbeat of the worker that sent it. Here
 * only worker events move liveness; a worker sending task events also sends heartbeats
 * (every `freq` seconds), and a task-succeeded after worker-offline must not revive it.
 */
export function applyWorkerEvent(
  prev: WorkerState | undefined,
  event: CeleryWorkerEvent,
  opts: ApplyWorkerEventOptions = {},
): WorkerState {
  const ts = eventTimestamp(event, opts.localUtcOffset ?? localUtcOffsetHours());
  if (prev && prev.timestamp !== null && ts < prev.timestamp) return prev;

  const next: WorkerState = prev ? { ...prev } : emptyWorkerState(event.hostname);
  if (event.pid !== undefined) next.pid = event.pid;
  if (event.freq !== undefined && event.freq !== null) next.freq = event.freq;
  if (event.active !== undefined) next.active = event.active;
  if (event.processed !== undefined) next.processed = event.processed;
  if (event.loadavg !== undefined) next.loadavg = event.loadavg === null ? null : [...event.loadavg];
  if (event.sw_ident !== undefined) next.swIdent = event.sw_ident;
  if (event.sw_ver !== undefined) next.swVer = event.sw_ver;
  if (event.sw_sys !== undefined) next.swSys = event.sw_sys;
  next.clock = event.clock;
  next.timestamp = ts;

  if (event.type === "worker-offline") {
    next.status = "offline";
    next.offlineAt = ts;
    return next;
  }
  const receivedAt = opts.receivedAt ?? ts;
  next.lastHeartbeat = next.lastHeartbeat === null ? receivedAt : Math.max(next.lastHeartbeat, receivedAt);
  if (event.type === "worker-online" || next.status === "offline") {
    // A new run (or the first sign of one): an earlier offline time belonged to the last run.
    next.onlineAt = ts;
    next.offlineAt = null;
  }
  next.status = "online";
  return next;
}

/** Time after which the worker counts as gone unless another heartbeat arrives. */
export function heartbeatExpires(worker: Pick<WorkerState, "lastHeartbeat" | "freq">): number | null {
  if (worker.lastHeartbeat === null) return null;
  return worker.lastHeartbeat + worker.freq * (HEARTBEAT_EXPIRE_WINDOW / 100);
}

/** Worker.alive: online, and the last heartbeat is less than freq × 2 seconds old. */
export function isWorkerAlive(worker: WorkerState, nowSeconds: number): boolean {
  if (worker.status !== "online") return false;
  const expires = heartbeatExpires(worker);
  return expires !== null && nowSeconds < expires;
}
