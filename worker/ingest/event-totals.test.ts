import { describe, expect, it } from "vitest";
import { readPubSubCapture } from "@/lib/celery/__fixtures__/fixtures";
import { isTaskEvent } from "@/lib/celery/events";
import { HISTOGRAM_SIZE, RUNTIME_BUCKETS } from "@/lib/rollups/runtime-histogram";
import { planBatch } from "./batch-plan";
import { decodeMessages } from "./decode-messages";
import { eventTotalsFor } from "./event-totals";

const LIMITS = { maxMessageBytes: 4 * 1024 * 1024, maxDeadLetterBytes: 64 * 1024 };

function captured(name: string) {
  const messages = readPubSubCapture(name)
    .filter((line) => line.channel.startsWith("/0.celeryev/"))
    .map((line) => ({ payload: Buffer.from(line.raw), channel: line.channel, routingKey: line.channel.slice("/0.celeryev/".length), receivedAt: line.t * 1000, transport: "redis" as const }));
  return decodeMessages(messages, LIMITS).events;
}

describe("eventTotalsFor on the captured traffic", () => {
  const events = captured("events-pubsub.jsonl");
  const plan = planBatch(events, new Map(), new Map(), 0);
  const tasks = new Map(plan.tasks.map((task) => [task.uuid, task]));
  const totals = eventTotalsFor(plan.events, tasks);

  it("counts every task event once under its hostname, task name and type", () => {
    const expected = new Map<string, number>();
    for (const { event } of events) {
      if (!isTaskEvent(event)) continue;
      const key = `${event.hostname}|${tasks.get(event.uuid)?.name ?? ""}|${event.type}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Map(totals.map((row) => [`${row.worker}|${row.task}|${row.type}`, row.count]))).toEqual(expected);
  });

  it("labels task-sent with the client, as Flower does, and the rest with the worker", () => {
    const sent = totals.filter((row) => row.type === "task-sent");
    const received = totals.filter((row) => row.type === "task-received");
    expect(sent.length).toBeGreaterThan(0);
    expect(received.length).toBeGreaterThan(0);
    const workers = new Set(received.map((row) => row.worker));
    for (const row of sent) expect(workers.has(row.worker)).toBe(false);
  });

  it("puts each task-succeeded runtime in its bucket, and nothing else", () => {
    const succeeded = plan.events.filter((event) => event.type === "task-succeeded" && (event.runtime ?? 0) > 0);
    const withRuntime = totals.filter((row) => row.runtimeCount > 0);
    expect(withRuntime.every((row) => row.type === "task-succeeded")).toBe(true);
    expect(withRuntime.reduce((sum, row) => sum + row.runtimeCount, 0)).toBe(succeeded.length);
    const sum = succeeded.reduce((total, event) => total + (event.runtime ?? 0), 0);
    expect(withRuntime.reduce((total, row) => total + row.runtimeSum, 0)).toBeCloseTo(sum, 9);
    for (const row of totals) {
      expect(row.histogram).toHaveLength(HISTOGRAM_SIZE);
      expect(row.histogram.reduce((a, b) => a + b, 0)).toBe(row.runtimeCount);
    }
    const first = succeeded[0]!;
    const bucket = RUNTIME_BUCKETS.findIndex((bound) => first.runtime! <= bound);
    const row = totals.find((candidate) => candidate.worker === first.hostname && candidate.type === "task-succeeded" && candidate.task === tasks.get(first.taskId)?.name);
    expect(row?.histogram[bucket === -1 ? RUNTIME_BUCKETS.length : bucket]).toBeGreaterThan(0);
  });
});
