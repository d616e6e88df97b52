import { describe, expect, it } from "vitest";
import { readPubSubCapture } from "@/lib/celery/__fixtures__/fixtures";
import type { TaskRecord } from "@/lib/repositories/task-records";
import type { WorkerRecord } from "@/lib/repositories/ingest-batch-writes";
import { eventKey, planBatch, rollupsFor, type IngestedEvent } from "./batch-plan";
import { decodeMessages } from "./decode-messages";

const LIMITS = { maxMessageBytes: 4 * 1024 * 1024, maxDeadLetterBytes: 64 * 1024 };

/** The real capture as the Redis source would deliver it. */
function captureAsIngested(name: string): IngestedEvent[] {
  const messages = readPubSubCapture(name)
    .filter((line) => line.channel.startsWith("/0.celeryev/"))
    .map((line) => ({ payload: Buffer.from(line.raw), channel: line.channel, routingKey: line.channel.slice("/0.celeryev/".length), receivedAt: line.t * 1000, transport: "redis" as const }));
  const decoded = decodeMessages(messages, LIMITS);
  expect(decoded.deadLetters).toEqual([]);
  return decoded.events;
}

/** Replays events batch by batch, feeding each plan's rows back as "stored", like the writer. */
function replay(events: IngestedEvent[], batchSize: number) {
  const tasks = new Map<string, TaskRecord>();
  const workers = new Map<string, WorkerRecord>();
  for (let i = 0; i < events.length; i += batchSize) {
    const plan = planBatch(events.slice(i, i + batchSize), tasks, workers, 0);
    for (const task of plan.tasks) tasks.set(task.uuid, task);
    for (const worker of plan.workers) workers.set(worker.hostname, worker);
  }
  return { tasks, workers };
}

describe("planBatch on the captured traffic", () => {
  const main = captureAsIngested("events-pubsub.jsonl");
  const retries = captureAsIngested("events-retry-chain-pubsub.jsonl");

  it("reaches the same rows whatever the batch size (one event or everything at once)", () => {
    const one = replay(main, 1);
    const all = replay(main, main.length);
    const some = replay(main, 7);
    expect([...all.tasks.values()]).toEqual([...one.tasks.values()]);
    expect([...some.tasks.values()]).toEqual([...one.tasks.values()]);
    expect([...all.workers.values()]).toEqual([...one.workers.values()]);
  });

  it("stores failures with traceback, parsed args, and the worker going offline", () => {
    const { tasks, workers } = replay(main, 50);
    const failed = [...tasks.values()].filter((task) => task.state === "FAILURE");
    expect(failed.length).toBeGreaterThan(0);
    for (const task of failed) expect(task.traceback).toMatch(/Traceback/);
    const added = [...tasks.values()].find((task) => task.name?.endsWith(".add") && task.state === "SUCCESS");
    expect(added?.argsJson).not.toBeNull();
    expect(JSON.parse(added!.argsJson!)).toEqual(expect.any(Array));
    expect(workers.get("w1@vm")?.status).toBe("offline");
  });

  it("counts retries and links chains in the second capture", () => {
    const { tasks } = replay(retries, 10);
    const retried = [...tasks.values()].find((task) => task.retries === 3);
    expect(retried?.state).toBe("SUCCESS");
    expect(retried?.retried).not.toBeNull();
    const children = [...tasks.values()].filter((task) => task.parentId !== null && task.parentId !== task.uuid);
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect(child.rootId).not.toBeNull();
  });

  it("rolls up each new event once, per minute, name and state, with runtimes", () => {
    const plan = planBatch(main, new Map(), new Map(), 0);
    const rollups = rollupsFor(plan.events, new Map(plan.tasks.map((task) => [task.uuid, task])));
    const succeeded = plan.events.filter((event) => event.type === "task-succeeded").length;
    expect(rollups.filter((row) => row.state === "SUCCESS").reduce((sum, row) => sum + row.count, 0)).toBe(succeeded);
    expect(rollups.filter((row) => row.state === "SUCCESS").reduce((sum, row) => sum + row.histogram.reduce((a, b) => a + b, 0), 0)).toBe(succeeded);
    // the event identity used to dedupe redeliveries is stable and unique per event
    expect(new Set(plan.events.map(eventKey)).size).toBe(plan.events.length);
  });
});
