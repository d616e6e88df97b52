import { describe, expect, it } from "vitest";
import { isWorkerEvent, parseEventBody, type CeleryWorkerEvent } from "./events";
import {
  DEFAULT_HEARTBEAT_FREQ,
  HEARTBEAT_EXPIRE_WINDOW,
  applyWorkerEvent,
  heartbeatExpires,
  isWorkerAlive,
  type WorkerState,
} from "./worker-state";

const HERE = 0;

function workerEvent(type: string, fields: Record<string, unknown> = {}): CeleryWorkerEvent {
  const parsed = parseEventBody({ hostname: "w1@vm", utcoffset: 0, pid: 10741, clock: 1, timestamp: 1000, ...fields, type });
  const [event] = parsed.events;
  if (!event || !isWorkerEvent(event)) throw new Error(`not a worker event: ${JSON.stringify(parsed.rejected)}`);
  return event;
}

function replay(events: CeleryWorkerEvent[], receivedAt?: (e: CeleryWorkerEvent) => number): WorkerState {
  let state: WorkerState | undefined;
  for (const event of events) state = applyWorkerEvent(state, event, { localUtcOffset: HERE, receivedAt: receivedAt?.(event) });
  if (!state) throw new Error("no events");
  return state;
}

const heartbeatFields = { freq: 2.0, active: 0, processed: 0, loadavg: [0.1, 0.2, 0.3], sw_ident: "py-celery", sw_ver: "5.2.6", sw_sys: "Linux" };

describe("heartbeat expiry (celery.events.state.heartbeat_expires)", () => {
  it("uses a 200% window: freq × 2", () => {
    expect(HEARTBEAT_EXPIRE_WINDOW).toBe(200);
    // test_heartbeat_expires__Decimal: 344313.37 + 60 × 2
    expect(heartbeatExpires({ lastHeartbeat: 344313.37, freq: 60 })).toBeCloseTo(344433.37, 6);
    expect(heartbeatExpires({ lastHeartbeat: null, freq: 60 })).toBeNull();
  });

  it("is alive strictly before lastHeartbeat + freq × 2", () => {
    const worker = replay([workerEvent("worker-heartbeat", { ...heartbeatFields, timestamp: 1000 })]);
    expect(isWorkerAlive(worker, 1000)).toBe(true);
    expect(isWorkerAlive(worker, 1003.999)).toBe(true);
    expect(isWorkerAlive(worker, 1004)).toBe(false);
  });

  it("defaults freq to Celery's 60 s when events do not say", () => {
    const worker = replay([workerEvent("worker-online")]);
    expect(worker.freq).toBe(DEFAULT_HEARTBEAT_FREQ);
    expect(isWorkerAlive(worker, 1000 + 119)).toBe(true);
    expect(isWorkerAlive(worker, 1000 + 120)).toBe(false);
  });

  it("measures from the receive time when given (Celery's local_received)", () => {
    const worker = replay([workerEvent("worker-heartbeat", { ...heartbeatFields, timestamp: 1000 })], () => 5000);
    expect(worker.lastHeartbeat).toBe(5000);
    expect(isWorkerAlive(worker, 5003)).toBe(true);
    expect(isWorkerAlive(worker, 1003)).toBe(true);
  });
});

describe("worker lifecycle", () => {
  it("online → heartbeats → offline", () => {
    const events = [
      workerEvent("worker-online", { ...heartbeatFields, timestamp: 1000, clock: 1 }),
      workerEvent("worker-heartbeat", { ...heartbeatFields, active: 1, processed: 3, timestamp: 1002, clock: 3 }),
      workerEvent("worker-offline", { ...heartbeatFields, active: 0, processed: 4, timestamp: 1003, clock: 5 }),
    ];
    const online = replay(events.slice(0, 2));
    expect(online).toMatchObject({
      hostname: "w1@vm",
      pid: 10741,
      status: "online",
      onlineAt: 1000,
      offlineAt: null,
      lastHeartbeat: 1002,
      active: 1,
      processed: 3,
      freq: 2,
      loadavg: [0.1, 0.2, 0.3],
      swIdent: "py-celery",
      swVer: "5.2.6",
      swSys: "Linux",
      clock: 3,
      timestamp: 1002,
    });
    expect(isWorkerAlive(online, 1003)).toBe(true);

    const offline = replay(events);
    expect(offline).toMatchObject({ status: "offline", offlineAt: 1003, onlineAt: 1000, processed: 4, lastHeartbeat: 1002, clock: 5 });
    expect(isWorkerAlive(offline, 1003)).toBe(false);
  });

  it("a worker first seen going offline is stored offline (test_survives_unknown_worker_leaving)", () => {
    const worker = replay([workerEvent("worker-offline", { hostname: "unknown@vandelay.com", clock: 301030134894833 })]);
    expect(worker).toMatchObject({ hostname: "unknown@vandelay.com", status: "offline", lastHeartbeat: null });
    expect(isWorkerAlive(worker, 1000)).toBe(false);
  });

  it("a first heartbeat without worker-online starts a run", () => {
    const worker = replay([workerEvent("worker-heartbeat", { timestamp: 1000 })]);
    expect(worker).toMatchObject({ status: "online", onlineAt: 1000 });
  });

  it("unknown worker-* events are signs of life too (test_survives_unknown_worker_event)", () => {
    const worker = replay([workerEvent("worker-unknown-event-xxx", { foo: "bar", timestamp: 1000 })]);
    expect(worker.status).toBe("online");
    expect(isWorkerAlive(worker, 1001)).toBe(true);
  });

  it("a restart after offline opens a new run", () => {
    const worker = replay([
      workerEvent("worker-online", { timestamp: 1000, clock: 1, pid: 1 }),
      workerEvent("worker-offline", { timestamp: 1010, clock: 9, pid: 1 }),
      // A restarted worker starts a new Lamport clock: ordering must not rely on it.
      workerEvent("worker-online", { timestamp: 1020, clock: 1, pid: 2 }),
    ]);
    expect(worker).toMatchObject({ status: "online", onlineAt: 1020, offlineAt: null, pid: 2, clock: 1 });
  });
});

describe("stale events (deliberate difference: Celery applies every event's fields)", () => {
  it("a heartbeat older than the newest applied one is ignored", () => {
    const newer = workerEvent("worker-heartbeat", { ...heartbeatFields, processed: 10, timestamp: 1010 });
    const older = workerEvent("worker-heartbeat", { ...heartbeatFields, processed: 5, timestamp: 1005 });
    const state = replay([newer]);
    expect(applyWorkerEvent(state, older, { localUtcOffset: HERE })).toBe(state);
  });

  it("a delayed heartbeat does not revive a worker that went offline after it", () => {
    const worker = replay([
      workerEvent("worker-heartbeat", { timestamp: 1000 }),
      workerEvent("worker-offline", { timestamp: 1010 }),
      workerEvent("worker-heartbeat", { timestamp: 1008 }),
    ]);
    expect(worker.status).toBe("offline");
    expect(isWorkerAlive(worker, 1011)).toBe(false);
  });

  it("applies duplicate (same timestamp) events idempotently", () => {
    const event = workerEvent("worker-heartbeat", { ...heartbeatFields, timestamp: 1000 });
    const once = replay([event]);
    expect(replay([event, event])).toEqual(once);
  });

  it("never mutates the previous state", () => {
    const prev = Object.freeze(replay([workerEvent("worker-online", { timestamp: 1000 })]));
    const next = applyWorkerEvent(prev, workerEvent("worker-offline", { timestamp: 1001 }), { localUtcOffset: HERE });
    expect(prev.status).toBe("online");
    expect(next.status).toBe("offline");
  });

  it("corrects timestamps with utcoffset", () => {
    const worker = replay([workerEvent("worker-online", { timestamp: 50_000, utcoffset: -1 })]);
    expect(worker.onlineAt).toBe(50_000 + 3600);
  });
});
