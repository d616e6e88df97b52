import { connect as amqpConnect } from "amqplib";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sendScenario, startCeleryWorker, waitFor } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { QueueSampleRecord } from "@/lib/repositories/queue-samples";
import { WorkerInspector } from "@/worker/ingest/worker-inspector";
import { createQueueProbe, sampleQueueDepths } from "./queue-sampler";

/**
 * Queues bound to an exchange of the app's own (the sample app's topic exchange
 * `bloom.reports`, BLOOM_SAMPLE_CUSTOM_EXCHANGE=1), learnt the way production learns them: a
 * real Celery worker consumes `reports` and is inspected by the ingest's WorkerInspector
 * (active_queues and conf stored on its row); `archive` is only in the app's task_queues and
 * task_routes, consumed by nobody. The worker then stops, the app's own routes send tasks to
 * both queues, and the sampler must count them on each broker.
 */
const NOW = 1_800_000_000;
const REPORTS = 4;
const ARCHIVES = REPORTS / 2;
const CUSTOM = { BLOOM_SAMPLE_CUSTOM_EXCHANGE: "1" };
const log = pino({ level: "silent" });

describe("queues on a custom exchange", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_maint_custom_exchange");
    drop = db.drop;
    prisma = createPrismaClient(db.url, 2);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await drop?.();
  });

  /** A worker consuming `reports`, inspected as the ingest does it, then stopped with the queues left to fill. */
  async function learnFromRealWorker(brokerUrl: string, name: string): Promise<string> {
    const worker = await startCeleryWorker({ brokerUrl, name, queues: ["reports"], pool: "solo", concurrency: 1, env: CUSTOM });
    try {
      // The inspector asks the workers Postgres believes online (events would have put it there).
      await prisma.$executeRawUnsafe(`INSERT INTO workers (hostname, status) VALUES ($1, 'online')`, worker.hostname);
      const inspector = new WorkerInspector(prisma, brokerUrl, log, { inspectIntervalMs: 3_600_000, enableEventsIntervalMs: null, timeoutMs: 5_000 });
      try {
        await inspector.inspectNow();
      } finally {
        await inspector.stop();
      }
    } finally {
      await worker.stop();
    }
    return worker.hostname;
  }

  async function storedReplies(hostname: string): Promise<{ active: unknown; routes: unknown }> {
    const [row] = await prisma.$queryRawUnsafe<{ active: unknown; routes: unknown }[]>(
      `SELECT active_queues AS active, conf->'task_routes' AS routes FROM workers WHERE hostname = $1`,
      hostname,
    );
    return row ?? { active: null, routes: null };
  }

  const depths = (samples: readonly QueueSampleRecord[]) =>
    Object.fromEntries(samples.filter((s) => s.queue === "reports" || s.queue === "archive").map((s) => [s.queue, { depth: s.depth, consumers: s.consumers }]));

  it("on Redis: the consumed queue and the conf-only queue are sampled", async () => {
    // A database of its own: other files' workers consume `celery` on db 0.
    const brokerUrl = inject("redisUrl").replace(/\/0$/, "/8");
    const redis = new Redis(brokerUrl);
    try {
      await redis.flushdb();
      const hostname = await learnFromRealWorker(brokerUrl, "custom-exchange-redis");
      const replies = await storedReplies(hostname);
      expect(replies.active).toEqual([expect.objectContaining({ name: "reports", exchange: expect.objectContaining({ name: "bloom.reports", type: "topic" }) })]);
      expect(replies.routes).toMatchObject({ "bloom_sample.archive": { queue: "archive" } });

      await sendScenario(brokerUrl, "routed", { count: REPORTS, env: CUSTOM });
      const probe = createQueueProbe(brokerUrl, log);
      try {
        const samples = await sampleQueueDepths(prisma, probe, [], NOW);
        expect(depths(samples)).toEqual({ reports: { depth: REPORTS, consumers: null }, archive: { depth: ARCHIVES, consumers: null } });
      } finally {
        await probe.close();
      }
    } finally {
      await redis.flushdb();
      await redis.quit();
    }
  });

  it("on RabbitMQ: sampled by passive declare and through the management API", async () => {
    const brokerUrl = inject("amqpUrl");
    await prisma.$executeRawUnsafe("TRUNCATE workers, queue_samples");
    try {
      await learnFromRealWorker(brokerUrl, "custom-exchange-amqp");
      await sendScenario(brokerUrl, "routed", { count: REPORTS, env: CUSTOM });
      const expected = { reports: { depth: REPORTS, consumers: 0 }, archive: { depth: ARCHIVES, consumers: 0 } };

      const probe = createQueueProbe(brokerUrl, log);
      try {
        // Publishes are confirmed before send.py exits, but let the broker settle its counts.
        const samples = await waitFor("the passive declares to count every routed task", async () => {
          const sampled = await sampleQueueDepths(prisma, probe, [], NOW);
          return depths(sampled).archive?.depth === ARCHIVES && depths(sampled).reports?.depth === REPORTS ? sampled : undefined;
        }, { timeoutMs: 10_000 });
        expect(depths(samples)).toEqual(expected);
      } finally {
        await probe.close();
      }

      // The management API refreshes its queue statistics every few seconds.
      const management = new URL(inject("rabbitManagementUrl"));
      const viaApi = createQueueProbe(brokerUrl, log, `http://guest:guest@${management.host}/api/`);
      try {
        const samples = await waitFor("the management API to count every routed task", async () => {
          const sampled = await sampleQueueDepths(prisma, viaApi, [], NOW + 5);
          return depths(sampled).archive?.depth === ARCHIVES && depths(sampled).reports?.depth === REPORTS ? sampled : undefined;
        }, { timeoutMs: 30_000, intervalMs: 1_000 });
        expect(depths(samples)).toEqual(expected);
      } finally {
        await viaApi.close();
      }
    } finally {
      const connection = await amqpConnect(brokerUrl);
      const channel = await connection.createChannel();
      await channel.deleteQueue("reports");
      await channel.deleteQueue("archive");
      await channel.deleteExchange("bloom.reports");
      await connection.close();
    }
  });
});
