import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isTaskEvent } from "@/lib/celery/events";
import { readPubSubCapture } from "@/lib/celery/__fixtures__/fixtures";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import type { IngestedEvent } from "./batch-plan";
import { commitBatch, prepareBatch, writeBatch, type PreparedBatch } from "./batch-writer";
import { decodeMessages } from "./decode-messages";

/**
 * The writer against real Postgres, fed with the captured traffic of real Celery workers:
 * pipelined writing (batch N+1 prepared on top of N's rows while N's transaction runs) must
 * store exactly what one-batch-at-a-time writing stores, and a redelivered or repeated event
 * must be stored and counted once.
 */

const LIMITS = { maxMessageBytes: 4 * 1024 * 1024, maxDeadLetterBytes: 64 * 1024 };

function captured(name: string): IngestedEvent[] {
  const messages = readPubSubCapture(name)
    .filter((line) => line.channel.startsWith("/0.celeryev/"))
    .map((line) => ({ payload: Buffer.from(line.raw), channel: line.channel, routingKey: line.channel.slice("/0.celeryev/".length), receivedAt: line.t * 1000, transport: "redis" as const }));
  return decodeMessages(messages, LIMITS).events;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const clients: PrismaClient[] = [];
const drops: (() => Promise<void>)[] = [];
async function freshDatabase(name: string): Promise<PrismaClient> {
  const { url, drop } = await createMigratedDatabase(inject("databaseUrl"), name);
  const prisma = createPrismaClient(url, 3);
  clients.push(prisma);
  drops.push(drop);
  return prisma;
}
afterAll(async () => {
  for (const prisma of clients) await prisma.$disconnect();
  for (const drop of drops) await drop();
});

/** What the console reads, without the columns that record when Bloom wrote the row. */
async function storedState(prisma: PrismaClient) {
  const tasks = await prisma.task.findMany({ orderBy: { uuid: "asc" }, omit: { updatedAt: true, firstSeenAt: true } });
  const workers = await prisma.worker.findMany({ orderBy: { hostname: "asc" }, omit: { updatedAt: true } });
  const rollups = await prisma.taskRollup.findMany({ orderBy: [{ minute: "asc" }, { name: "asc" }, { state: "asc" }] });
  const totals = await prisma.$queryRawUnsafe<{ worker: string; task: string; type: string; count: bigint }[]>(
    "SELECT worker, task, type, count FROM event_totals ORDER BY worker, task, type",
  );
  const events = await prisma.taskEvent.count();
  return { tasks, workers, rollups, totals, events };
}

describe("batch writer", () => {
  const events = [...captured("events-pubsub.jsonl"), ...captured("events-retry-chain-pubsub.jsonl")];
  let sequential: PrismaClient;
  let pipelined: PrismaClient;

  beforeAll(async () => {
    sequential = await freshDatabase("bloom_writer_sequential");
    pipelined = await freshDatabase("bloom_writer_pipelined");
  });

  it("stores the same rows when batch N+1 is prepared while N is still being written", async () => {
    expect(events.length).toBeGreaterThan(50);
    const batches = chunks(events, 7);
    for (const batch of batches) await writeBatch(sequential, batch, [], 0);

    let inFlight: { prepared: PreparedBatch; commit: Promise<unknown> } | undefined;
    for (const batch of batches) {
      const prepared = await prepareBatch(pipelined, batch, [], 0, inFlight?.prepared);
      await inFlight?.commit;
      inFlight = { prepared, commit: commitBatch(pipelined, prepared) };
    }
    await inFlight?.commit;

    const expected = await storedState(sequential);
    expect(expected.tasks.length).toBeGreaterThan(10);
    expect(expected.tasks.filter((task) => task.state === "SUCCESS").length).toBeGreaterThan(0);
    expect(await storedState(pipelined)).toEqual(expected);
  });

  it("stores and counts a redelivered batch and an event repeated within a batch once", async () => {
    const prisma = await freshDatabase("bloom_writer_redelivery");
    const [first, second] = chunks(events, Math.ceil(events.length / 2));
    if (!first || !second) throw new Error("the capture is too short");
    await writeBatch(prisma, first, [], 0);
    const once = await storedState(prisma);

    // AMQP redelivers what was not acked when the consumer died after committing.
    const again = await writeBatch(prisma, first, [], 0);
    expect(again.newEvents).toBe(0);
    expect(await storedState(prisma)).toEqual(once);

    // The rest, with one of its events repeated and one of the first half's mixed in.
    const repeated = second.find((item) => item.event.type === "task-succeeded") ?? second[0]!;
    const result = await writeBatch(prisma, [...second, repeated, first[0]!], [], 0);
    expect(result.newEvents).toBe(second.filter((item) => isTaskEvent(item.event)).length);

    const reference = await freshDatabase("bloom_writer_reference");
    await writeBatch(reference, first, [], 0);
    await writeBatch(reference, second, [], 0);
    expect(await storedState(prisma)).toEqual(await storedState(reference));
  });
});
