import crypto from "node:crypto";
import { connect as amqpConnect, type ChannelModel } from "amqplib";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { waitFor } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { startMaintenance } from "./maintenance";
import { createQueueProbe, sampleQueueDepths } from "./queue-sampler";

const NOW = 1_800_000_000;
const SEP = "\x06\x16";
const log = pino({ level: "silent" });
/** A kombu queue entry as `inspect active_queues` reports it. */
const activeQueue = (name: string, exchange = name) => ({ name, exchange: { name: exchange, type: "direct" }, routing_key: name });

describe("queue depth sampler", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_maint_queues");
    drop = db.drop;
    prisma = createPrismaClient(db.url, 2);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await drop?.();
  });

  beforeEach(async () => {
    await prisma.$executeRawUnsafe("TRUNCATE queue_samples, workers");
  });

  const storedSamples = async () =>
    prisma.$queryRawUnsafe<{ queue: string; depth: number; consumers: number | null; sampledAt: number }[]>(
      `SELECT queue, depth::int AS depth, consumers, extract(epoch from sampled_at)::float8 AS "sampledAt" FROM queue_samples ORDER BY queue, sampled_at`,
    );

  const insertWorkerQueues = (hostname: string, queues: unknown) =>
    prisma.$executeRawUnsafe(`INSERT INTO workers (hostname, active_queues) VALUES ($1, $2::jsonb)`, hostname, JSON.stringify(queues));

  describe("on Redis", () => {
    // A database of its own on the rig's Redis: Celery workers of other test files use db 0.
    const brokerUrl = () => inject("redisUrl").replace(/\/0$/, "/9");
    let redis: Redis;

    beforeAll(() => {
      redis = new Redis(brokerUrl());
    });

    afterAll(async () => {
      await redis?.flushdb();
      await redis?.quit();
    });

    beforeEach(async () => {
      await redis.flushdb();
    });

    it("counts each queue's list plus its priority sub-lists, for bound, active and configured queues", async () => {
      // What kombu writes when queues are declared: routing tables of exchanges celery and io.
      await redis.sadd("_kombu.binding.celery", `celery${SEP}${SEP}celery`, `video${SEP}${SEP}video`, `${SEP}${SEP}w1@h.celery.pidbox`);
      await redis.sadd("_kombu.binding.io", `io${SEP}${SEP}io`);
      await redis.lpush("celery", "m1", "m2");
      await redis.lpush(`celery${SEP}3`, "m3");
      await redis.lpush(`celery${SEP}9`, "m4");
      await redis.lpush("io", "m5");
      await redis.lpush("video", "m6", "m7");
      // io is known only through a worker's active_queues (which names its exchange).
      await insertWorkerQueues("w1@h", [activeQueue("io")]);

      const probe = createQueueProbe(brokerUrl(), log);
      try {
        await sampleQueueDepths(prisma, probe, ["reports", "w2@h.celery.pidbox"], NOW);
      } finally {
        await probe.close();
      }

      expect(await storedSamples()).toEqual([
        { queue: "celery", depth: 4, consumers: null, sampledAt: NOW },
        { queue: "io", depth: 1, consumers: null, sampledAt: NOW },
        { queue: "reports", depth: 0, consumers: null, sampledAt: NOW },
        { queue: "video", depth: 2, consumers: null, sampledAt: NOW },
      ]);
    });

    it("skips a key of that name that is not a list", async () => {
      await redis.set("reports", "not a queue");
      const probe = createQueueProbe(brokerUrl(), log);
      try {
        const samples = await sampleQueueDepths(prisma, probe, ["reports"], NOW);
        expect(samples.map((sample) => sample.queue)).toEqual(["celery"]);
      } finally {
        await probe.close();
      }
    });

    it("samples on its own schedule inside startMaintenance", async () => {
      await redis.lpush("celery", "m1", "m2", "m3");
      const maintenance = startMaintenance({
        prisma,
        brokerUrl: brokerUrl(),
        log,
        retention: { maxTasks: null, taskMaxAge: null, failedTaskMaxAge: null, workerOfflineMaxAge: null },
        sampleIntervalMs: 50,
        sweepIntervalMs: 60_000,
        retentionIntervalMs: 3_600_000,
      });
      try {
        const samples = await waitFor("two samples of celery", async () => {
          const rows = (await storedSamples()).filter((row) => row.queue === "celery");
          return rows.length >= 2 ? rows : undefined;
        }, { timeoutMs: 10_000 });
        expect(samples.every((row) => row.depth === 3)).toBe(true);
      } finally {
        await maintenance.stop();
      }
    });
  });

  describe("on RabbitMQ", () => {
    const suffix = crypto.randomBytes(4).toString("hex");
    const full = `bloom.test.depth.${suffix}`;
    const consumed = `bloom.test.consumed.${suffix}`;
    const missing = `bloom.test.missing.${suffix}`;
    let connection: ChannelModel;

    beforeAll(async () => {
      connection = await amqpConnect(inject("amqpUrl"));
      const channel = await connection.createConfirmChannel();
      await channel.assertQueue(full, { durable: false });
      await channel.assertQueue(consumed, { durable: false });
      for (let i = 0; i < 7; i++) channel.sendToQueue(full, Buffer.from(`message ${i}`));
      await channel.waitForConfirms();
      // A consumer that takes nothing (the queue stays empty): consumerCount 1, depth 0.
      const consumer = await connection.createChannel();
      await consumer.consume(consumed, () => undefined, { noAck: false });
    });

    afterAll(async () => {
      if (!connection) return;
      const channel = await connection.createChannel();
      await channel.deleteQueue(full);
      await channel.deleteQueue(consumed);
      await connection.close();
    });

    it("reads ready messages and consumers with a passive declare, surviving a missing queue", async () => {
      // The missing queue comes first: RabbitMQ closes the channel on it (404) and the
      // probe must carry on with a new channel for the others.
      await insertWorkerQueues("w1@h", { "w1@h": [activeQueue(consumed)] });
      const probe = createQueueProbe(inject("amqpUrl"), log);
      try {
        await waitFor("the broker to count the published messages", async () => {
          const samples = await probe.sample({ queues: [full], exchanges: [] });
          return samples[0]?.depth === 7 || undefined;
        }, { timeoutMs: 10_000 });
        await sampleQueueDepths(prisma, probe, [missing, full], NOW);
        // the same probe (connection) again: a second sample works after the 404
        await sampleQueueDepths(prisma, probe, [missing, full], NOW + 5);
      } finally {
        await probe.close();
      }

      const ours = (await storedSamples()).filter((row) => row.queue !== "celery");
      expect(ours).toEqual([
        { queue: consumed, depth: 0, consumers: 1, sampledAt: NOW },
        { queue: consumed, depth: 0, consumers: 1, sampledAt: NOW + 5 },
        { queue: full, depth: 7, consumers: 0, sampledAt: NOW },
        { queue: full, depth: 7, consumers: 0, sampledAt: NOW + 5 },
      ]);
      expect(ours.some((row) => row.queue === missing)).toBe(false);
    });
  });
});
