import crypto from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sendScenario, startCeleryWorker, waitFor, type CeleryWorker } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { buildTaskMessage } from "@/lib/celery/task-message";
import { createControlChannel } from "@/lib/control/control-channel";
import { startIngest, type RunningIngest } from "./ingest-service";

const FINAL = ["SUCCESS", "FAILURE", "REVOKED", "REJECTED"];

/**
 * The whole pipeline with real parts: a real Celery worker (sample app) publishes events to
 * a real broker; Bloom's ingest consumes them and writes Postgres. Same cases on both brokers.
 */
describe.each(["redis", "amqp"] as const)("ingest pipeline on %s", (transport) => {
  let prisma: PrismaClient;
  let ingest: RunningIngest;
  let worker: CeleryWorker;
  let dropDatabase: () => Promise<void>;
  const brokerUrl = () => (transport === "redis" ? inject("redisUrl") : inject("amqpUrl"));
  const backendUrl = () => inject("redisUrl").replace(/\/0$/, "/1");
  const hostname = `pipe-${transport}@bloomtest`;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), `bloom_pipeline_${transport}`);
    dropDatabase = db.drop;
    prisma = createPrismaClient(db.url, 4);
    ingest = await startIngest({
      prisma,
      brokerUrl: brokerUrl(),
      instanceId: `test-${transport}`,
      log: pino({ level: "warn" }),
      source: { amqp: { queueName: `bloom.events.test.${crypto.randomBytes(4).toString("hex")}` } },
      healthIntervalMs: 200,
      inspector: { inspectIntervalMs: 60_000, enableEventsIntervalMs: 2_000 },
    });
    await waitFor("broker connected", () => ingest.source.status().state === "connected", { timeoutMs: 20_000 });
    worker = await startCeleryWorker({ brokerUrl: brokerUrl(), backendUrl: backendUrl(), hostname, concurrency: 2 });
  });

  afterAll(async () => {
    await worker?.stop();
    await ingest?.stop();
    await prisma?.$disconnect();
    await dropDatabase?.();
  });

  async function waitForFinal(ids: string[], timeoutMs = 30_000) {
    return waitFor(
      `${ids.length} tasks to reach a final state`,
      async () => {
        const rows = await prisma.task.findMany({ where: { uuid: { in: ids } } });
        return rows.length === ids.length && rows.every((row) => FINAL.includes(row.state)) ? new Map(rows.map((row) => [row.uuid, row])) : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }

  it("shows the worker online with its software and heartbeat", async () => {
    const row = await waitFor("worker row", () => prisma.worker.findUnique({ where: { hostname } }).then((w) => w ?? undefined), { timeoutMs: 15_000 });
    expect(row.status).toBe("online");
    expect(row.swIdent).toBe("py-celery");
    expect(row.swVer).toMatch(/^5\./);
    expect(row.pid).toBeGreaterThan(0);
    expect(row.lastHeartbeat).toBeInstanceOf(Date);
  });

  it("stores every sample task with its state, arguments, result, failure and retries", async () => {
    const sent = await sendScenario(brokerUrl(), "basic", { backendUrl: backendUrl() });
    const byLabel = new Map(sent.tasks.map((task) => [task.label, task.id]));
    const rows = await waitForFinal(sent.task_ids);
    const get = (label: string) => {
      const row = rows.get(byLabel.get(label) ?? "");
      if (!row) throw new Error(`no row for ${label}`);
      return row;
    };

    const add = get("add");
    expect(add).toMatchObject({ name: "bloom_sample.add", state: "SUCCESS", args: "(2, 3)", kwargs: "{}", result: "5", worker: hostname, routingKey: "celery" });
    expect(add.argsJson).toEqual([2, 3]);
    expect(add.kwargsJson).toEqual({});
    expect(add.client).toMatch(/^gen\d+@/);
    expect(add.runtime).toBeGreaterThanOrEqual(0);
    for (const time of [add.sentAt, add.receivedAt, add.startedAt, add.succeededAt]) expect(time).toBeInstanceOf(Date);
    expect(add.receivedAt!.getTime()).toBeLessThanOrEqual(add.succeededAt!.getTime());

    const fail = get("fail");
    expect(fail.state).toBe("FAILURE");
    expect(fail.exception).toMatch(/boom/);
    expect(fail.traceback).toMatch(/Traceback \(most recent call last\)/);
    expect(fail.traceback!.match(/File "/g)!.length).toBeGreaterThan(2);

    const retried = get("retry_n");
    expect(retried.state).toBe("SUCCESS");
    expect(retried.retries).toBe(3);
    expect(retried.retriedAt).toBeInstanceOf(Date);

    expect(get("io_task")).toMatchObject({ state: "SUCCESS", routingKey: "io" });
    expect(get("sleep").runtime).toBeGreaterThanOrEqual(1);

    const timeline = await prisma.taskEvent.findMany({ where: { taskId: retried.uuid }, orderBy: { timestamp: "asc" } });
    expect(timeline.filter((event) => event.type === "task-retried")).toHaveLength(3);
    expect(timeline.at(-1)?.type).toBe("task-succeeded");
  });

  it("links chains, groups and chords through parent and root ids", async () => {
    const chain = await sendScenario(brokerUrl(), "chain", { backendUrl: backendUrl() });
    const chord = await sendScenario(brokerUrl(), "chord", { backendUrl: backendUrl() });
    const group = await sendScenario(brokerUrl(), "group", { backendUrl: backendUrl() });
    const rows = await waitForFinal([...chain.task_ids, ...chord.task_ids, ...group.task_ids]);

    const [first, second, third] = chain.task_ids.map((id) => rows.get(id)!);
    expect(first!.rootId).toBe(first!.uuid);
    expect(second!.parentId).toBe(first!.uuid);
    expect(third!.parentId).toBe(second!.uuid);
    expect(third!.rootId).toBe(first!.uuid);
    expect(third!.result).toBe("13");

    const body = rows.get(chord.result_id!)!;
    expect(body.name).toBe("bloom_sample.xsum");
    expect(body.result).toBe("20"); // sum of i+i for i in 0..4
    expect(body.state).toBe("SUCCESS");
    for (const id of group.task_ids) expect(rows.get(id)!.state).toBe("SUCCESS");
  });

  it("keeps per-minute rollups and reports health", async () => {
    const rollups = await prisma.taskRollup.findMany({ where: { name: "bloom_sample.add", state: "SUCCESS" } });
    const succeededAdds = await prisma.task.count({ where: { name: "bloom_sample.add", state: "SUCCESS" } });
    expect(succeededAdds).toBe(1 + 2 + 5 + 5); // basic, chain steps 0 and 2, group, chord header
    // each task counted exactly once, with its runtime in the histogram
    expect(rollups.reduce((sum, row) => sum + row.count, 0)).toBe(succeededAdds);
    expect(rollups.reduce((sum, row) => sum + row.histogram.reduce((a, b) => a + b, 0), 0)).toBe(succeededAdds);
    const health = await waitFor("health row", () => prisma.ingestHealth.findUnique({ where: { instanceId: `test-${transport}` } }).then((h) => h ?? undefined), { timeoutMs: 5_000 });
    expect(health.brokerState).toBe("connected");
    expect(Number(health.eventsTotal)).toBeGreaterThan(0);
  });

  it("stores the workers' inspect replies (stats, registered, active queues, conf)", async () => {
    await ingest.inspector!.inspectNow();
    const row = await prisma.worker.findUniqueOrThrow({ where: { hostname } });
    expect(row.inspectedAt).toBeInstanceOf(Date);
    expect(row.stats).toMatchObject({ pool: { "max-concurrency": 2 } });
    expect(row.registered).toEqual(expect.arrayContaining(["bloom_sample.add", "bloom_sample.fail"]));
    expect(row.activeQueues).toEqual(expect.arrayContaining([expect.objectContaining({ name: "celery" })]));
    expect(row.conf).toMatchObject({ worker_send_task_events: true });
  });

  it("turns events on for a worker started without -E (enable_events, as Flower does)", async () => {
    const quiet = await startCeleryWorker({ brokerUrl: brokerUrl(), backendUrl: backendUrl(), hostname: `quiet-${transport}@bloomtest`, events: false, queues: ["quiet"] });
    const control = createControlChannel(brokerUrl());
    try {
      // Task events flow only once Bloom's enable_events broadcast reached the worker.
      const message = buildTaskMessage({ name: "bloom_sample.add", args: [20, 22] });
      await waitFor(
        "a task of the quiet worker stored with its events",
        async () => {
          const row = await prisma.task.findUnique({ where: { uuid: message.headers.id } });
          if (row?.state === "SUCCESS") return row;
          if (!row) await control.sendTask(buildTaskMessage({ name: "bloom_sample.add", args: [20, 22], id: message.headers.id }), { queue: "quiet" });
          return undefined;
        },
        { timeoutMs: 30_000, intervalMs: 1_000 },
      ).then((row) => expect(row).toMatchObject({ worker: quiet.hostname, result: "42" }));
    } finally {
      await control.close();
      await quiet.stop();
    }
  });

  it("marks the worker offline when it stops", async () => {
    await worker.stop();
    const row = await waitFor(
      "worker offline",
      () => prisma.worker.findUnique({ where: { hostname } }).then((w) => (w?.status === "offline" ? w : undefined)),
      { timeoutMs: 20_000 },
    );
    expect(row.offlineAt).toBeInstanceOf(Date);
  });
});
