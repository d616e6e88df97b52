import crypto from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, describe, expect, inject, it } from "vitest";
import { sendScenario, startCeleryWorker, startPostgres, startRabbit, startRedis, waitFor, type CeleryWorker } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { startIngest, type RunningIngest } from "./ingest-service";

/**
 * Faults with real servers: a database outage during a burst, a broker restart on each
 * transport, and hostile messages among good ones. The assertion is always the same:
 * every task the broker delivered ends up in Postgres.
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function ingestInto(databaseUrl: string, brokerUrl: string, resultBackendUrl?: string): Promise<{ prisma: PrismaClient; ingest: RunningIngest }> {
  const prisma = createPrismaClient(databaseUrl, 4);
  const ingest = await startIngest({
    prisma,
    brokerUrl,
    instanceId: `faults-${crypto.randomBytes(3).toString("hex")}`,
    log: pino({ level: "silent" }),
    source: { amqp: { queueName: `bloom.events.faults.${crypto.randomBytes(4).toString("hex")}` }, backoff: { initialMs: 100, maxMs: 1_000 } },
    healthIntervalMs: 250,
    resultBackendUrl,
  });
  cleanups.push(() => prisma.$disconnect(), () => ingest.stop());
  await waitFor("broker connected", () => ingest.source.status().state === "connected", { timeoutMs: 30_000 });
  return { prisma, ingest };
}

async function worker(brokerUrl: string, hostname: string, backendUrl: string): Promise<CeleryWorker> {
  const started = await startCeleryWorker({ brokerUrl, backendUrl, hostname, concurrency: 2 });
  cleanups.push(() => started.stop());
  return started;
}

async function allSucceeded(prisma: PrismaClient, ids: string[], timeoutMs: number): Promise<void> {
  await waitFor(
    `${ids.length} tasks stored as SUCCESS`,
    async () => (await prisma.task.count({ where: { uuid: { in: ids }, state: "SUCCESS" } })) === ids.length || undefined,
    { timeoutMs, intervalMs: 250 },
  );
}

describe("database outage", () => {
  it("keeps every event of 1,000 tasks per broker through 30 s without Postgres", async () => {
    const postgres = await startPostgres();
    cleanups.push(() => postgres.dispose());
    const backend = inject("redisUrl").replace(/\/0$/, "/2");
    const onRedis = await ingestInto((await createMigratedDatabase(postgres.url, "outage_redis")).url, inject("redisUrl"));
    const onAmqp = await ingestInto((await createMigratedDatabase(postgres.url, "outage_amqp")).url, inject("amqpUrl"));
    await worker(inject("redisUrl"), "outage-redis@bloomtest", backend);
    await worker(inject("amqpUrl"), "outage-amqp@bloomtest", backend);

    await postgres.stop();
    const [redisTasks, amqpTasks] = await Promise.all([
      sendScenario(inject("redisUrl"), "load", { count: 1000, backendUrl: backend }),
      sendScenario(inject("amqpUrl"), "load", { count: 1000, backendUrl: backend }),
    ]);
    // The workers run the burst while the database is away; Bloom must buffer it.
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    expect(onRedis.ingest.reporter.isDatabaseUp()).toBe(false);
    await postgres.start();

    await allSucceeded(onRedis.prisma, redisTasks.task_ids, 60_000);
    await allSucceeded(onAmqp.prisma, amqpTasks.task_ids, 60_000);
    const health = await onRedis.prisma.ingestHealth.findMany();
    expect(health.every((row) => row.dropped === 0n)).toBe(true);
  });
});

describe("broker restarts", () => {
  it("Redis: reconnects, and reconciles from the result backend what pub/sub could not deliver", async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.dispose());
    const backend = inject("redisUrl").replace(/\/0$/, "/3");
    const { prisma, ingest } = await ingestInto((await createMigratedDatabase(inject("databaseUrl"), "restart_redis")).url, redis.url, backend);
    await worker(redis.url, "restart-redis@bloomtest", backend);
    const before = await sendScenario(redis.url, "group", { backendUrl: backend, wait: 20 });
    await allSucceeded(prisma, before.task_ids, 20_000);

    await redis.stop();
    await waitFor("source disconnected", () => ingest.source.status().state !== "connected", { timeoutMs: 10_000 });
    await redis.start();
    // Tasks sent right after the restart, possibly before Bloom has subscribed again.
    const after = await sendScenario(redis.url, "group", { backendUrl: backend, wait: 30 });
    await allSucceeded(prisma, after.task_ids, 40_000);
    expect(ingest.source.status().state).toBe("connected");
  });

  it("RabbitMQ: reconnects to its durable queue and stores tasks sent after the restart", async () => {
    const rabbit = await startRabbit();
    cleanups.push(() => rabbit.dispose());
    const backend = inject("redisUrl").replace(/\/0$/, "/4");
    const { prisma, ingest } = await ingestInto((await createMigratedDatabase(inject("databaseUrl"), "restart_amqp")).url, rabbit.amqpUrl);
    const celery = await worker(rabbit.amqpUrl, "restart-amqp@bloomtest", backend);
    const before = await sendScenario(rabbit.amqpUrl, "group", { backendUrl: backend, wait: 20 });
    await allSucceeded(prisma, before.task_ids, 20_000);

    await rabbit.stop();
    await waitFor("source disconnected", () => ingest.source.status().state !== "connected", { timeoutMs: 15_000 });
    await rabbit.start();
    await waitFor("source connected again", () => ingest.source.status().state === "connected", { timeoutMs: 30_000 });
    // The Celery worker reconnects on its own; wait until it consumes again.
    const after = await sendScenario(rabbit.amqpUrl, "group", { backendUrl: backend, wait: 60 });
    await allSucceeded(prisma, after.task_ids, 60_000);
    expect(celery.pid).toBeGreaterThan(0);
  });
});

describe("hostile messages", () => {
  it("dead-letters each bad message with a reason and keeps every good event around them", async () => {
    const { prisma } = await ingestInto((await createMigratedDatabase(inject("databaseUrl"), "hostile_redis")).url, inject("redisUrl"));
    const publisher = new Redis(inject("redisUrl"));
    cleanups.push(async () => publisher.disconnect());
    const channel = "/0.celeryev/task.multi";
    const envelope = (body: string, contentType = "application/json") =>
      JSON.stringify({
        body: Buffer.from(body).toString("base64"),
        "content-encoding": "utf-8",
        "content-type": contentType,
        headers: { hostname: "hostile@bloomtest" },
        properties: { delivery_mode: 1, delivery_info: { exchange: "celeryev", routing_key: "task.multi" }, priority: 0, body_encoding: "base64", delivery_tag: crypto.randomUUID() },
      });
    const goodEvent = (uuid: string, n: number) => ({
      type: "task-received", uuid, name: "bloom_sample.add", args: "(1, 2)", kwargs: "{}", retries: 0, hostname: "hostile@bloomtest",
      utcoffset: 0, pid: 1, clock: n, timestamp: Date.now() / 1000, root_id: uuid, parent_id: null, eta: null, expires: null,
    });
    const good = Array.from({ length: 6 }, () => crypto.randomUUID());
    const bad: [string, string][] = [
      ["truncated JSON", '{"body": "eyJ0eXBl'],
      ["invalid base64", envelope("x").replace(/"body":"[^"]*"/, '"body":"!!!not base64!!!"')],
      ["pickle", envelope("\x80\x04\x95pickled", "application/x-python-serialize")],
      ["non-object body", envelope("42")],
      ["missing type", envelope(JSON.stringify({ uuid: "x", hostname: "h", timestamp: 1, clock: 1 }))],
      ["wrong timestamp type", envelope(JSON.stringify({ ...goodEvent("y", 1), timestamp: "yesterday" }))],
      ["clock out of range", envelope(JSON.stringify({ ...goodEvent("z", 1), clock: -5 }))],
      ["10 MB body", envelope("x".repeat(10 * 1024 * 1024))],
      // valid JSON that Postgres cannot hold (int4 column): dead-lettered by validation or,
      // failing that, isolated from its batch as "unstorable" — never a stuck pipeline
      ["retries beyond int4", envelope(JSON.stringify([{ ...goodEvent(crypto.randomUUID(), 1), retries: 3_000_000_000 }]))],
    ];
    let clock = 1;
    for (const [index, [, payload]] of bad.entries()) {
      await publisher.publish(channel, envelope(JSON.stringify([goodEvent(good[index % good.length]!, clock++)])));
      await publisher.publish(channel, payload);
    }
    // one bad item inside a task.multi list must not cost its good neighbours
    await publisher.publish(channel, envelope(JSON.stringify([goodEvent(good[0]!, clock++), { type: "task-received" }, goodEvent(good[5]!, clock++)])));
    await publisher.publish(channel, envelope("🌸 \u0000 \ud800 not json"));

    await waitFor("good tasks stored", async () => (await prisma.task.count({ where: { uuid: { in: good } } })) === good.length || undefined, { timeoutMs: 15_000 });
    const letters = await waitFor("dead letters", async () => {
      const rows = await prisma.deadLetter.findMany();
      return rows.length >= bad.length + 2 ? rows : undefined;
    }, { timeoutMs: 15_000 });
    const reasons = letters.map((row) => row.reason);
    expect(reasons).toEqual(expect.arrayContaining(["invalid_json", "invalid_base64", "unsupported_content_type", "oversized"]));
    expect(letters.filter((row) => !(row.raw.length <= 64 * 1024 && row.detail.length > 0)).map((row) => [row.reason, row.detail, row.raw.length])).toEqual([]);
    expect(letters.find((row) => row.reason === "oversized")!.size).toBeGreaterThan(10 * 1024 * 1024);
    const rows = await prisma.task.findMany({ where: { uuid: { in: good } } });
    expect(rows.every((row) => row.state === "RECEIVED" && row.argsJson !== null)).toBe(true);
  });
});
