import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTaskEvent, isWorkerEvent, parseEventBody, type CeleryTaskEvent } from "./events";
import { FAILURE, PENDING, RECEIVED, RETRY, REVOKED, STARTED, SUCCESS } from "./states";
import { applyTaskEvent, applyTaskEvents, emptyTaskState, sortEventsForReplay, type TaskState } from "./task-state";
import { applyWorkerEvent, isWorkerAlive, type WorkerState } from "./worker-state";

/**
 * Ports of celery's t/unit/events/test_state.py (task side): fixtures are event streams,
 * assertions are states. `Event` mirrors celery.events.Event (timestamp defaults to now) and
 * `Replay` mirrors its `replay` helper (events without a clock get the next one).
 */

const HERE = 0; // receiver utcoffset: fixed so results do not depend on the test machine's zone
const now = () => Date.now() / 1000;

type RawEvent = Record<string, unknown> & { type: string };

function Event(type: string, fields: Record<string, unknown> = {}): RawEvent {
  return { timestamp: now(), ...fields, type };
}

/** Quick task event, as in the Python tests. */
function QTEV(type: string, uuid: string, hostname: string, clock: number, name: string): RawEvent {
  return Event(`task-${type}`, { uuid, hostname, clock, name });
}

class Replay {
  tasks = new Map<string, TaskState>();
  workers = new Map<string, WorkerState>();
  ignored: RawEvent[] = [];
  private position = 0;
  private currentClock = 0;

  constructor(readonly events: RawEvent[]) {}

  /** Applies the next event; false when there is none left. */
  next(): boolean {
    const raw = this.events[this.position++];
    if (raw === undefined) return false;
    if (typeof raw["clock"] === "number") this.currentClock = raw["clock"];
    else raw["clock"] = this.currentClock = this.currentClock + 1;
    const parsed = parseEventBody(raw);
    for (const event of parsed.events) {
      if (isTaskEvent(event)) this.tasks.set(event.uuid, applyTaskEvent(this.tasks.get(event.uuid), event, { localUtcOffset: HERE }));
      else if (isWorkerEvent(event)) {
        this.workers.set(event.hostname, applyWorkerEvent(this.workers.get(event.hostname), event, { localUtcOffset: HERE }));
      }
    }
    // Like State.event, events of other groups (or without the fields a group needs) change nothing.
    if (parsed.rejected.length > 0) this.ignored.push(raw);
    return true;
  }

  play(): this {
    while (this.next());
    return this;
  }

  task(uuid: string): TaskState {
    const task = this.tasks.get(uuid);
    if (!task) throw new Error(`no task ${uuid}`);
    return task;
  }
}

function taskEvent(raw: Record<string, unknown>): CeleryTaskEvent {
  const parsed = parseEventBody({ hostname: "w1@vm", timestamp: now(), clock: 0, ...raw });
  const [event] = parsed.events;
  if (!event || !isTaskEvent(event)) throw new Error(`not a task event: ${JSON.stringify(parsed.rejected)}`);
  return event;
}

function applyAll(events: Record<string, unknown>[], uuid = "abcdefg"): TaskState {
  let state: TaskState | undefined;
  for (const raw of events) state = applyTaskEvent(state, taskEvent({ uuid, ...raw }), { localUtcOffset: HERE });
  if (!state) throw new Error("no events");
  return state;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe("test_state.py: test_task_states", () => {
  const tid = "tid-1";
  const tid2 = "tid-2";
  const events = () => [
    Event("task-received", { uuid: tid, name: "task1", args: "(2, 2)", kwargs: "{'foo': 'bar'}", retries: 0, eta: null, hostname: "utest1" }),
    Event("task-started", { uuid: tid, hostname: "utest1" }),
    Event("task-revoked", { uuid: tid, hostname: "utest1" }),
    Event("task-retried", { uuid: tid, exception: "KeyError('bar')", traceback: "line 2 at main", hostname: "utest1" }),
    Event("task-failed", { uuid: tid, exception: "KeyError('foo')", traceback: "line 1 at main", hostname: "utest1" }),
    Event("task-succeeded", { uuid: tid, result: "4", runtime: 0.1234, hostname: "utest1" }),
    Event("foo-bar"),
    Event("task-received", {
      uuid: tid2,
      name: "task2",
      args: "(4, 4)",
      kwargs: "{'foo': 'bar'}",
      retries: 0,
      eta: null,
      parent_id: tid,
      root_id: tid,
      hostname: "utest1",
    }),
  ];

  it("walks RECEIVED → STARTED → REVOKED → RETRY → FAILURE → SUCCESS", () => {
    const r = new Replay(events());

    r.next();
    let task = r.task(tid);
    expect(task.state).toBe(RECEIVED);
    expect(task.received).not.toBeNull();
    expect(task.timestamp).toBe(task.received);
    expect(task.worker).toBe("utest1");

    r.next();
    task = r.task(tid);
    expect(task.state).toBe(STARTED);
    expect(task.started).not.toBeNull();
    expect(task.timestamp).toBe(task.started);
    expect(task.worker).toBe("utest1");

    r.next();
    task = r.task(tid);
    expect(task.state).toBe(REVOKED);
    expect(task.revoked).not.toBeNull();
    expect(task.timestamp).toBe(task.revoked);

    r.next();
    task = r.task(tid);
    expect(task.state).toBe(RETRY);
    expect(task.retried).not.toBeNull();
    expect(task.timestamp).toBe(task.retried);
    expect(task.exception).toBe("KeyError('bar')");
    expect(task.traceback).toBe("line 2 at main");

    r.next();
    task = r.task(tid);
    expect(task.state).toBe(FAILURE);
    expect(task.failed).not.toBeNull();
    expect(task.timestamp).toBe(task.failed);
    expect(task.exception).toBe("KeyError('foo')");
    expect(task.traceback).toBe("line 1 at main");

    r.next();
    task = r.task(tid);
    expect(task.state).toBe(SUCCESS);
    expect(task.succeeded).not.toBeNull();
    expect(task.timestamp).toBe(task.succeeded);
    expect(task.worker).toBe("utest1");
    expect(task.result).toBe("4");
    expect(task.runtime).toBe(0.1234);

    // foo-bar: not a task or worker event, ignored
    r.next();
    expect(r.ignored.map((e) => e.type)).toEqual(["foo-bar"]);

    r.play();
    const task2 = r.task(tid2);
    expect(task2.parentId).toBe(tid);
    expect(task2.rootId).toBe(tid);
    expect(task2.name).toBe("task2");
  });

  it("test_task_children_set_if_received_in_wrong_order: a child may arrive before its parent", () => {
    const list = events();
    const child = list.pop();
    if (child) list.unshift(child);
    const r = new Replay(list).play();
    expect(r.task(tid2)).toMatchObject({ parentId: tid, rootId: tid, state: RECEIVED });
    expect(r.task(tid).state).toBe(SUCCESS);
  });
});

describe("test_state.py: test_Task", () => {
  it("test_ready", () => {
    expect(applyAll([{ type: "task-received", name: "tasks.add" }]).state).toBe(RECEIVED);
    expect(applyAll([{ type: "task-received" }, { type: "task-succeeded" }]).state).toBe(SUCCESS);
  });

  it("test_sent: PENDING, and the sender is the client, not a worker", () => {
    const task = applyAll([{ type: "task-sent", name: "tasks.add", hostname: "gen1234@vm" }]);
    expect(task.state).toBe(PENDING);
    expect(task.client).toBe("gen1234@vm");
    expect(task.worker).toBeNull();
    expect(task.sent).not.toBeNull();
  });

  it("test_merge: late events only merge RECEIVED's fields; RETRY still applies", () => {
    let task = applyAll([
      { type: "task-failed" },
      { type: "task-started" },
      { type: "task-received", name: "tasks.add", args: "(2, 2)" },
    ]);
    expect(task.state).toBe(FAILURE);
    expect(task.name).toBe("tasks.add");
    expect(task.args).toBe("(2, 2)");
    task = applyTaskEvent(task, taskEvent({ uuid: "abcdefg", type: "task-retried" }), { localUtcOffset: HERE });
    expect(task.state).toBe(RETRY);
  });

  it("test_survives_unknown_task_event: a custom state, extra fields kept", () => {
    const task = applyAll([{ type: "task-unknown-event-xxx", foo: "bar", uuid: "x", hostname: "y", clock: 0 }], "x");
    expect(task.state).toBe("UNKNOWN-EVENT-XXX");
    expect(task.extra).toEqual({ foo: "bar" });
    expect(task.customTimestamps?.["UNKNOWN-EVENT-XXX"]).toBe(task.timestamp);
  });

  it("test_deepcopy's 'task-success' is a custom event whose state is SUCCESS", () => {
    const task = applyAll([{ type: "task-success", root_id: "x", clock: 3 }], "x");
    expect(task.state).toBe(SUCCESS);
    expect(task.rootId).toBe("x");
    expect(task.succeeded).toBeNull();
  });
});

describe("test_state.py: ev_logical_clock_ordering", () => {
  const [tA, tB, tC] = ["tA-uuid", "tB-uuid", "tC-uuid"] as const;
  const stream = (offset = 0) => [
    QTEV("received", tA, "w1", offset + 1, "tA"),
    QTEV("received", tB, "w2", offset + 1, "tB"),
    QTEV("started", tA, "w1", offset + 3, "tA"),
    QTEV("received", tC, "w2", offset + 3, "tC"),
    QTEV("started", tB, "w2", offset + 5, "tB"),
    QTEV("retried", tA, "w1", offset + 7, "tA"),
    QTEV("succeeded", tB, "w2", offset + 9, "tB"),
    QTEV("started", tC, "w2", offset + 10, "tC"),
    QTEV("received", tA, "w3", offset + 13, "tA"),
    QTEV("succeded", tC, "w2", offset + 12, "tC"),
    QTEV("started", tA, "w3", offset + 14, "tA"),
    QTEV("succeeded", tA, "w3", offset + 16, "TA"),
  ];

  // tasks_by_time: most recent first, by each task's latest (clock, timestamp).
  const byRecency = (events: RawEvent[]) => {
    const seen: string[] = [];
    for (const event of [...sortEventsForReplay(parseEventBody(events).events)].reverse()) {
      const uuid = isTaskEvent(event) ? event.uuid : null;
      if (uuid && !seen.includes(uuid)) seen.push(uuid);
    }
    return seen;
  };

  it("replays to the expected states and recency order", () => {
    const r = new Replay(stream()).play();
    expect(r.task(tA)).toMatchObject({ state: SUCCESS, worker: "w3", name: "TA" });
    expect(r.task(tB)).toMatchObject({ state: SUCCESS, worker: "w2" });
    // 'succeded' (sic) is not a known event: a custom state, which outranks STARTED.
    expect(r.task(tC)).toMatchObject({ state: "SUCCEDED", worker: "w2" });
    expect(byRecency(stream())).toEqual([tA, tC, tB]);
  });

  it("gives the same result for any arrival order once sorted by clock", () => {
    const events = stream();
    const expected = new Replay(structuredClone(events)).play().tasks;
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: 12, maxLength: 12 }), (shuffled) => {
        const events = parseEventBody(shuffled).events.filter(isTaskEvent);
        const tasks = new Map<string, TaskState>();
        for (const uuid of [tA, tB, tC]) {
          const state = applyTaskEvents(undefined, events.filter((e) => e.uuid === uuid), { localUtcOffset: HERE });
          if (state) tasks.set(uuid, state);
        }
        expect(tasks).toEqual(expected);
        expect(byRecency(shuffled)).toEqual([tA, tC, tB]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("out-of-order events (rules 2-4)", () => {
  const lifecycle = [
    { type: "task-sent", hostname: "gen42@vm", name: "tasks.add", args: "(2, 2)", kwargs: "{}", queue: "celery", exchange: "", routing_key: "celery", timestamp: 100 },
    { type: "task-received", name: "tasks.add", args: "(2, 2)", kwargs: "{}", retries: 0, parent_id: "p", root_id: "r", timestamp: 101 },
    { type: "task-started", timestamp: 102 },
    { type: "task-succeeded", result: "4", runtime: 0.5, timestamp: 103 },
  ];

  it("reaches SUCCESS with every field, whatever the arrival order", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(lifecycle, { minLength: 4, maxLength: 4 }), (events) => {
        const task = applyAll(events);
        expect(task).toMatchObject({
          state: SUCCESS,
          timestamp: 103,
          sent: 100,
          received: 101,
          started: 102,
          succeeded: 103,
          name: "tasks.add",
          args: "(2, 2)",
          parentId: "p",
          rootId: "r",
          result: "4",
          runtime: 0.5,
          client: "gen42@vm",
          worker: "w1@vm",
          queue: "celery",
          routingKey: "celery",
        });
      }),
    );
  });

  it("stores each known event's time in its own field regardless of order", () => {
    const all = ["sent", "received", "started", "succeeded", "failed", "retried", "revoked", "rejected"] as const;
    fc.assert(
      fc.property(fc.shuffledSubarray([...all], { minLength: 8, maxLength: 8 }), (order) => {
        const task = applyAll(order.map((subject) => ({ type: `task-${subject}`, timestamp: 1000 + all.indexOf(subject) })));
        for (const subject of all) expect(task[subject]).toBe(1000 + all.indexOf(subject));
      }),
    );
  });

  it("a late task-received merges only its fields and leaves state and timestamp", () => {
    const task = applyAll([
      { type: "task-started", timestamp: 102 },
      { type: "task-received", name: "tasks.add", args: "(1,)", retries: 2, eta: "2026-01-01T00:00:00", timestamp: 101, clock: 99, extra: 1 },
    ]);
    expect(task).toMatchObject({ state: STARTED, timestamp: 102, received: 101, name: "tasks.add", args: "(1,)", retries: 2, eta: "2026-01-01T00:00:00" });
    expect(task.clock).toBe(0);
    expect(task.extra).toBeUndefined();
  });

  it("a late task-sent still contributes what only it carries (queue, exchange, routing key)", () => {
    const task = applyAll([
      { type: "task-received", name: "tasks.add", timestamp: 101, clock: 7 },
      { type: "task-sent", hostname: "gen42@vm", name: "tasks.add", queue: "io", exchange: "", routing_key: "io", timestamp: 100 },
    ]);
    expect(task).toMatchObject({ state: RECEIVED, timestamp: 101, clock: 7, sent: 100, client: "gen42@vm", worker: "w1@vm", queue: "io", exchange: "", routingKey: "io" });
  });

  it("a late task-started does not move a finished task's timestamp (deliberate difference)", () => {
    const task = applyAll([
      { type: "task-succeeded", result: "1", timestamp: 103, clock: 11 },
      { type: "task-started", timestamp: 102, clock: 10 },
    ]);
    expect(task).toMatchObject({ state: SUCCESS, timestamp: 103, clock: 11, started: 102 });
  });

  it("a late failure merges its fields but SUCCESS keeps the state, as in Celery", () => {
    const task = applyAll([
      { type: "task-succeeded", result: "1" },
      { type: "task-failed", exception: "E()", traceback: "tb" },
    ]);
    expect(task).toMatchObject({ state: SUCCESS, exception: "E()", traceback: "tb", result: "1" });
  });

  it("REVOKED outranks STARTED and keeps revoke details", () => {
    const task = applyAll([
      { type: "task-revoked", terminated: true, signum: 15, expired: false },
      { type: "task-started" },
    ]);
    expect(task).toMatchObject({ state: REVOKED, revokedTerminated: true, revokedSignum: 15, revokedExpired: false });
  });

  it("an explicit null clears a field, an absent one leaves it", () => {
    const task = applyAll([
      { type: "task-sent", parent_id: "p", eta: "x" },
      { type: "task-received", parent_id: null },
    ]);
    expect(task).toMatchObject({ parentId: null, eta: "x" });
  });
});

describe("RETRY is exempt both ways (rule 4)", () => {
  it("a RETRY applies even over SUCCESS", () => {
    expect(applyAll([{ type: "task-succeeded" }, { type: "task-retried", exception: "E()" }]).state).toBe(RETRY);
  });

  it.each(["task-sent", "task-received", "task-started", "task-rejected"])("%s after RETRY applies", (type) => {
    const task = applyAll([{ type: "task-started", timestamp: 1 }, { type: "task-retried", timestamp: 2 }, { type, timestamp: 3 }]);
    expect(task.state).not.toBe(RETRY);
    expect(task.timestamp).toBe(3);
  });

  it("replays a retrying task to SUCCESS with its retry count", () => {
    const events: Record<string, unknown>[] = [{ type: "task-sent", retries: 0 }];
    for (let attempt = 0; attempt < 3; attempt++) {
      events.push({ type: "task-received", retries: attempt }, { type: "task-started" }, { type: "task-retried", exception: `E(${attempt})` });
    }
    events.push({ type: "task-received", retries: 3 }, { type: "task-started" }, { type: "task-succeeded", result: "'ok'" });
    expect(applyAll(events)).toMatchObject({ state: SUCCESS, retries: 3, result: "'ok'", exception: "E(2)" });
  });
});

describe("custom states (task-x → X)", () => {
  it("rank between FAILURE and REVOKED", () => {
    expect(applyAll([{ type: "task-started" }, { type: "task-progress" }]).state).toBe("PROGRESS");
    expect(applyAll([{ type: "task-revoked" }, { type: "task-progress" }]).state).toBe("PROGRESS");
    expect(applyAll([{ type: "task-progress" }, { type: "task-revoked" }]).state).toBe("PROGRESS");
    expect(applyAll([{ type: "task-failed" }, { type: "task-progress" }]).state).toBe(FAILURE);
    expect(applyAll([{ type: "task-progress" }, { type: "task-succeeded" }]).state).toBe(SUCCESS);
  });

  it("record their time and fields", () => {
    const task = applyAll([
      { type: "task-progress", done: 1, timestamp: 10 },
      { type: "task-progress", done: 2, timestamp: 11 },
      { type: "task-checkpoint", at: "x", timestamp: 12 },
    ]);
    expect(task.state).toBe("CHECKPOINT");
    expect(task.customTimestamps).toEqual({ PROGRESS: 11, CHECKPOINT: 12 });
    expect(task.extra).toEqual({ done: 2, at: "x" });
  });
});

describe("applyTaskEvent is pure", () => {
  it("never mutates the previous state and returns a new object", () => {
    const prev = deepFreeze(applyAll([{ type: "task-progress", done: 1 }]));
    const snapshot = structuredClone(prev);
    const next = applyTaskEvent(prev, taskEvent({ uuid: "abcdefg", type: "task-progress", done: 2 }), { localUtcOffset: HERE });
    expect(next).not.toBe(prev);
    expect(prev).toEqual(snapshot);
    expect(next.extra).toEqual({ done: 2 });
  });

  it("produces plain JSON-serializable objects", () => {
    const task = applyAll([{ type: "task-sent" }, { type: "task-received" }, { type: "task-x", v: [1, { a: null }] }]);
    expect(JSON.parse(JSON.stringify(task))).toEqual(task);
  });

  it("keeps the uuid of the state it was given", () => {
    const prev = emptyTaskState("a");
    expect(applyTaskEvent(prev, taskEvent({ uuid: "b", type: "task-started" }), { localUtcOffset: HERE }).uuid).toBe("a");
  });

  it("corrects times with utcoffset like Celery's receiver", () => {
    const event = taskEvent({ uuid: "u", type: "task-received", timestamp: 50_000, utcoffset: 5 });
    expect(applyTaskEvent(undefined, event, { localUtcOffset: 0 }).received).toBe(50_000 - 5 * 3600);
    expect(applyTaskEvent(undefined, event, { localUtcOffset: 5 }).received).toBe(50_000);
  });
});

describe("sortEventsForReplay", () => {
  const ev = (type: string, clock: number, timestamp: number, utcoffset = 0) => ({ type, clock, timestamp, utcoffset });

  it("orders by Lamport clock when both events have one", () => {
    const events = [ev("task-succeeded", 11, 1), ev("task-received", 7, 3), ev("task-started", 9, 2)];
    expect(sortEventsForReplay(events).map((e) => e.clock)).toEqual([7, 9, 11]);
  });

  it("falls back to timestamps without a clock, and never trusts a client's task-sent clock", () => {
    const events = [ev("task-received", 7, 2), ev("task-sent", 500, 1), ev("task-started", 0, 3)];
    expect(sortEventsForReplay(events).map((e) => e.type)).toEqual(["task-sent", "task-received", "task-started"]);
  });

  it("compares timestamps after the utcoffset correction", () => {
    // utcoffset -2 (two hours east of UTC) moves x from 10:00 to 12:00, after y at 11:00.
    const events = [ev("task-x", 0, 10 * 3600, -2), ev("task-y", 0, 11 * 3600, 0)];
    expect(sortEventsForReplay(events).map((e) => e.type)).toEqual(["task-y", "task-x"]);
  });

  it("is stable for ties and does not modify its input", () => {
    const events = Object.freeze([ev("task-a", 0, 5), ev("task-b", 0, 5), ev("task-c", 3, 5), ev("task-d", 3, 5)]);
    expect(sortEventsForReplay(events).map((e) => e.type)).toEqual(["task-a", "task-b", "task-c", "task-d"]);
  });

  it("is a permutation that keeps clocked events in clock order", () => {
    const arbitraryEvent = fc.record({
      type: fc.constantFrom("task-sent", "task-received", "task-started", "task-x"),
      clock: fc.nat({ max: 20 }),
      timestamp: fc.double({ min: 0, max: 1e6, noNaN: true }),
      utcoffset: fc.integer({ min: -12, max: 12 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { maxLength: 30 }), (events) => {
        const sorted = sortEventsForReplay(events);
        expect(sorted).toHaveLength(events.length);
        expect(new Set(sorted)).toEqual(new Set(events));
        const clocks = sorted.filter((e) => e.type !== "task-sent" && e.clock > 0).map((e) => e.clock);
        expect(clocks).toEqual([...clocks].sort((a, b) => a - b));
      }),
    );
  });
});

describe("worker liveness through replay (test_state.py)", () => {
  it("test_worker_online_offline", () => {
    const r = new Replay([Event("worker-online", { hostname: "utest1" }), Event("worker-offline", { hostname: "utest1" })]);
    r.next();
    const online = r.workers.get("utest1");
    expect(online && isWorkerAlive(online, now())).toBe(true);
    r.play();
    const offline = r.workers.get("utest1");
    expect(offline && isWorkerAlive(offline, now())).toBe(false);
  });

  it("test_worker_heartbeat_expire", () => {
    const r = new Replay([
      Event("worker-heartbeat", { hostname: "utest1", timestamp: now() - 200 * 2 }),
      Event("worker-heartbeat", { hostname: "utest1" }),
    ]);
    r.next();
    const stale = r.workers.get("utest1");
    expect(stale && isWorkerAlive(stale, now())).toBe(false);
    r.play();
    const fresh = r.workers.get("utest1");
    expect(fresh && isWorkerAlive(fresh, now())).toBe(true);
  });
});
