import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  WIRE_SAMPLE_COPIES,
  readFixture,
  readPubSubCapture,
  readSharedSample,
  sharedSampleExists,
  type PubSubLine,
} from "./__fixtures__/fixtures";
import { decodeEnvelope } from "./envelope";
import { isTaskEvent, isWorkerEvent, parseEventBody, type CeleryEvent, type CeleryTaskEvent } from "./events";
import { parsePythonLiteral } from "./python-literal";
import { FAILURE, PENDING, RECEIVED, REVOKED, SUCCESS } from "./states";
import { applyTaskEvent, applyTaskEvents, type TaskState } from "./task-state";
import { applyWorkerEvent, isWorkerAlive, type WorkerState } from "./worker-state";

/**
 * Replays of real Celery 5.2.6 traffic captured on Redis (shared/wire-samples, copied to
 * __fixtures__): every `/0.celeryev/*` message goes through decodeEnvelope → parseEventBody →
 * the reducers, exactly as the ingest worker will do it.
 */

const HERE = 0; // the captures were made with utcoffset 0; pin the receiver's offset too

type Cluster = { tasks: Map<string, TaskState>; workers: Map<string, WorkerState>; events: CeleryEvent[]; messages: number };

function eventMessages(lines: PubSubLine[]): PubSubLine[] {
  return lines.filter((line) => line.channel.startsWith("/0.celeryev/"));
}

function decodeEvents(line: PubSubLine): CeleryEvent[] {
  const envelope = decodeEnvelope(line.raw);
  if (!envelope.ok) throw new Error(`${line.channel}: ${envelope.reason} ${envelope.detail}`);
  const parsed = parseEventBody(envelope.body);
  expect(parsed.rejected).toEqual([]);
  expect(parsed.adjusted).toEqual([]);
  return parsed.events;
}

function replayCapture(name: string): Cluster {
  const cluster: Cluster = { tasks: new Map(), workers: new Map(), events: [], messages: 0 };
  for (const line of eventMessages(readPubSubCapture(name))) {
    cluster.messages++;
    for (const event of decodeEvents(line)) {
      cluster.events.push(event);
      if (isTaskEvent(event)) {
        cluster.tasks.set(event.uuid, applyTaskEvent(cluster.tasks.get(event.uuid), event, { localUtcOffset: HERE }));
      } else if (isWorkerEvent(event)) {
        const receivedAt = line.t; // the listener's receive time, Celery's local_received
        cluster.workers.set(event.hostname, applyWorkerEvent(cluster.workers.get(event.hostname), event, { localUtcOffset: HERE, receivedAt }));
      }
    }
  }
  return cluster;
}

function task(cluster: Cluster, prefix: string): TaskState {
  const found = [...cluster.tasks.values()].filter((t) => t.uuid.startsWith(prefix));
  expect(found, prefix).toHaveLength(1);
  const [only] = found;
  if (!only) throw new Error(prefix);
  return only;
}

describe("fixture copies", () => {
  it.skipIf(!sharedSampleExists(WIRE_SAMPLE_COPIES[0]))("are byte-identical to shared/wire-samples", () => {
    for (const name of WIRE_SAMPLE_COPIES) expect(readFixture(name), name).toBe(readSharedSample(name));
  });
});

describe("events-pubsub.jsonl (main capture: load, sleep, eta, revoke, shutdown)", () => {
  const cluster = replayCapture("events-pubsub.jsonl");

  it("decodes every event message, single objects and task.multi lists alike", () => {
    expect(cluster.messages).toBe(80);
    expect(cluster.events.length).toBeGreaterThan(cluster.messages);
    expect(cluster.tasks.size).toBe(22);
    const byState = new Map<string, number>();
    for (const t of cluster.tasks.values()) byState.set(t.state, (byState.get(t.state) ?? 0) + 1);
    expect(Object.fromEntries(byState)).toEqual({ [SUCCESS]: 10, [FAILURE]: 3, [REVOKED]: 1, [RECEIVED]: 1, [PENDING]: 7 });
  });

  it("ends the failing tasks in FAILURE with exception and traceback", () => {
    for (const prefix of ["fe065a37", "716c9995", "dfa1404f"]) {
      const t = task(cluster, prefix);
      expect(t).toMatchObject({
        state: FAILURE,
        name: "celery_app.app.fail",
        args: "()",
        kwargs: "{'msg': 'load.py failure'}",
        exception: "BenchError('load.py failure')",
        worker: "w1@vm",
        client: "gen10753@vm",
        retries: 0,
        queue: "celery",
        exchange: "",
        routingKey: "celery",
        parentId: null,
        rootId: t.uuid,
      });
      expect(t.traceback).toMatch(/^Traceback \(most recent call last\):\n/);
      expect(t.traceback).toContain("BenchError: load.py failure");
      expect(t.timestamp).toBe(t.failed);
      expect(t.sent).toBeLessThan(t.received ?? 0);
      expect(t.received).toBeLessThan(t.started ?? 0);
      expect(t.started).toBeLessThan(t.failed ?? 0);
    }
  });

  it("ends the add tasks in SUCCESS with their results (load-output.json)", () => {
    const expected: Record<string, [string, string]> = {
      ff04c02b: ["(83, 6)", "89"],
      "573af368": ["(68, 12)", "80"],
      "932139f2": ["(64, 27)", "91"],
      cefa06b8: ["(55, 53)", "108"],
      "81d26d7d": ["(11, 70)", "81"],
    };
    for (const [prefix, [args, result]] of Object.entries(expected)) {
      const t = task(cluster, prefix);
      expect(t).toMatchObject({ state: SUCCESS, name: "celery_app.app.add", args, kwargs: "{}", result, worker: "w1@vm", client: "gen10753@vm" });
      expect(t.runtime).toBeGreaterThan(0);
      expect(t.timestamp).toBe(t.succeeded);
      const parsedArgs = parsePythonLiteral(args);
      const parsedResult = parsePythonLiteral(result);
      expect(parsedArgs.ok && parsedResult.ok && Array.isArray(parsedArgs.value) && parsedArgs.value.reduce((a: number, b) => a + Number(b), 0)).toBe(
        parsedResult.ok ? parsedResult.value : NaN,
      );
    }
  });

  it("records the revoked sleep task with its revoke details", () => {
    expect(task(cluster, "91559f69")).toMatchObject({
      state: REVOKED,
      name: "celery_app.app.sleep",
      args: "(12,)",
      revokedTerminated: false,
      revokedSignum: null,
      revokedExpired: false,
      started: null,
    });
  });

  it("keeps the ETA task RECEIVED with its eta, and finishes the task that completed after worker-offline", () => {
    expect(task(cluster, "5b21d876")).toMatchObject({ state: RECEIVED, eta: "2026-11-22T15:47:20.214753+00:00", started: null });
    expect(task(cluster, "c981bb41")).toMatchObject({ state: SUCCESS, result: "12" });
  });

  it("leaves tasks only seen via task-sent PENDING, with the client and no worker", () => {
    const pending = [...cluster.tasks.values()].filter((t) => t.state === PENDING);
    expect(pending).toHaveLength(7);
    for (const t of pending) {
      expect(t.client).toBe("gen10899@vm");
      expect(t.client).toMatch(/^gen\d+@vm$/);
      expect(t.worker).toBeNull();
      expect(t.received).toBeNull();
      expect(t.sent).toBe(t.timestamp);
      expect(t.clock).toBe(0);
    }
    expect(pending.filter((t) => t.name === "celery_app.app.slow_io").every((t) => t.queue === "io" && t.routingKey === "io")).toBe(true);
  });

  it("ends worker w1@vm offline after worker-offline", () => {
    expect([...cluster.workers.keys()]).toEqual(["w1@vm"]);
    const worker = cluster.workers.get("w1@vm");
    expect(worker).toMatchObject({
      status: "offline",
      offlineAt: 1795362171.4204998,
      onlineAt: 1795362134.9814281,
      pid: 10741,
      freq: 2,
      active: 1,
      processed: 13,
      swIdent: "py-celery",
      swVer: "5.2.6",
      swSys: "Linux",
      clock: 96,
    });
    expect(worker && isWorkerAlive(worker, 1795362171.5)).toBe(false);
  });

  it("kept the worker alive between heartbeats before it stopped", () => {
    const before = replayUntil("events-pubsub.jsonl", (line) => line.channel.endsWith("worker.offline"));
    const worker = before.workers.get("w1@vm");
    expect(worker?.status).toBe("online");
    const last = worker?.lastHeartbeat ?? 0;
    expect(worker && isWorkerAlive(worker, last + 3.9)).toBe(true);
    expect(worker && isWorkerAlive(worker, last + 4)).toBe(false);
  });

  it("holds args, kwargs and results that all parse as Python literals", () => {
    for (const t of cluster.tasks.values()) {
      for (const repr of [t.args, t.kwargs, t.result]) {
        if (repr === null) continue;
        expect(parsePythonLiteral(repr).ok, repr).toBe(true);
      }
      if (t.exception !== null) expect(parsePythonLiteral(t.exception)).toMatchObject({ ok: false, reason: "unsupported" });
    }
  });
});

function replayUntil(name: string, stop: (line: PubSubLine) => boolean): Cluster {
  const cluster: Cluster = { tasks: new Map(), workers: new Map(), events: [], messages: 0 };
  for (const line of eventMessages(readPubSubCapture(name))) {
    if (stop(line)) break;
    for (const event of decodeEvents(line)) {
      if (isWorkerEvent(event)) {
        cluster.workers.set(event.hostname, applyWorkerEvent(cluster.workers.get(event.hostname), event, { localUtcOffset: HERE, receivedAt: line.t }));
      }
    }
  }
  return cluster;
}

describe("events-retry-chain-pubsub.jsonl (retry, chain, group)", () => {
  const cluster = replayCapture("events-retry-chain-pubsub.jsonl");

  it("ends the retry task in SUCCESS after 3 retries", () => {
    const t = task(cluster, "13aec5d7");
    expect(t).toMatchObject({
      state: SUCCESS,
      name: "celery_app.app.retry",
      retries: 3,
      result: "'ok after 3 retries'",
      // The last task-retried's exception stays: SUCCESS carries none to replace it.
      exception: "BenchError('retry 3/3')",
      eta: "2026-11-22T15:43:25.812606+00:00",
      worker: "w1@vm",
      // Retries are re-sent by the worker's pool process, so the latest client is that process.
      client: "gen11003@vm",
      rootId: t.uuid,
      // Celery 5.2 gives a retried task itself as parent: keep it as received.
      parentId: t.uuid,
    });
    expect(t.retried).toBe(1795362205.6165965);
    expect(t.succeeded).toBe(t.timestamp);
    expect(parsePythonLiteral(t.result ?? "")).toEqual({ ok: true, value: "ok after 3 retries" });
  });

  it("links the chain add(5, 1) | mul(10) | add(5) by parent and root ids", () => {
    const first = task(cluster, "8e16da8a");
    const second = task(cluster, "62b05589");
    const third = task(cluster, "b21c8b10");
    expect(first).toMatchObject({ state: SUCCESS, name: "celery_app.app.add", args: "(5, 1)", result: "6", parentId: null, rootId: first.uuid, client: "gen11009@vm" });
    expect(second).toMatchObject({ state: SUCCESS, name: "celery_app.app.mul", args: "(6, 10)", result: "60", parentId: first.uuid, rootId: first.uuid });
    expect(third).toMatchObject({ state: SUCCESS, name: "celery_app.app.add", args: "(60, 5)", result: "65", parentId: second.uuid, rootId: first.uuid });
    // Chain links are sent by the worker's pool process, not by the original client.
    expect(second.client).toBe("gen11003@vm");
  });

  it("finishes the group members independently", () => {
    const results = Object.fromEntries(["26fff576", "6635ee77", "d29aa3b0"].map((p) => [p, task(cluster, p)]));
    expect(Object.values(results).map((t) => [t.args, t.result, t.state, t.parentId])).toEqual([
      ["(0, 0)", "0", SUCCESS, null],
      ["(1, 1)", "2", SUCCESS, null],
      ["(2, 2)", "4", SUCCESS, null],
    ]);
  });

  it("sees the worker alive through its heartbeats", () => {
    const worker = cluster.workers.get("w1@vm");
    expect(worker).toMatchObject({ status: "online", pid: 10997, processed: 10, freq: 2 });
    const last = worker?.lastHeartbeat ?? 0;
    expect(worker && isWorkerAlive(worker, last + 1)).toBe(true);
    expect(worker && isWorkerAlive(worker, last + 5)).toBe(false);
  });
});

describe("replaying in any order", () => {
  it.each(["events-pubsub.jsonl", "events-retry-chain-pubsub.jsonl"])(
    "%s: shuffled task events sorted per task give the same final states",
    (name) => {
      const inOrder = replayCapture(name);
      const taskEvents = inOrder.events.filter(isTaskEvent);
      fc.assert(
        fc.property(fc.shuffledSubarray(taskEvents, { minLength: taskEvents.length, maxLength: taskEvents.length }), (shuffled) => {
          const byTask = new Map<string, CeleryTaskEvent[]>();
          for (const event of shuffled) byTask.set(event.uuid, [...(byTask.get(event.uuid) ?? []), event]);
          for (const [uuid, events] of byTask) {
            expect(applyTaskEvents(undefined, events, { localUtcOffset: HERE }), uuid).toEqual(inOrder.tasks.get(uuid));
          }
        }),
        { numRuns: 25 },
      );
    },
  );
});

describe("events-one-per-type.json", () => {
  it("replays one event of each type into the expected states", () => {
    const samples = JSON.parse(readFixture("events-one-per-type.json")) as Record<string, { envelope_raw: string; event: Record<string, unknown> }>;
    for (const [type, sample] of Object.entries(samples)) {
      const envelope = decodeEnvelope(sample.envelope_raw);
      expect(envelope.ok, type).toBe(true);
      if (!envelope.ok) continue;
      const event = parseEventBody(envelope.body).events.find((e) => e.type === type);
      expect(event, type).toBeDefined();
      if (!event) continue;
      if (isTaskEvent(event)) {
        const state = applyTaskEvent(undefined, event, { localUtcOffset: HERE });
        const expected: Record<string, string> = {
          "task-sent": PENDING,
          "task-received": RECEIVED,
          "task-started": "STARTED",
          "task-succeeded": SUCCESS,
          "task-failed": FAILURE,
          "task-retried": "RETRY",
          "task-revoked": REVOKED,
        };
        expect(state.state, type).toBe(expected[type]);
        expect(state.timestamp).toBe(sample.event["timestamp"]);
        expect(type === "task-sent" ? state.client : state.worker).toBe(sample.event["hostname"]);
      } else if (isWorkerEvent(event)) {
        const worker = applyWorkerEvent(undefined, event, { localUtcOffset: HERE });
        expect(worker.status).toBe(type === "worker-offline" ? "offline" : "online");
      }
    }
  });
});
