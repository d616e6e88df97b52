import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { summarizeRollups } from "@/lib/rollups/rollup-aggregation";
import { bucketIndex, emptyHistogram } from "@/lib/rollups/runtime-histogram";
import { addRollups, insertTaskEvents, type RollupIncrement } from "./ingest-batch-writes";
import { latestTaskEventId, listLatestTaskEvents, listTaskEventsAfter } from "./monitor-events";
import { listLatestQueueDepths, listQueueDepthHistory } from "./queue-depth-reads";
import { listRollupBuckets } from "./rollup-buckets";
import { listRollupTotalsByName } from "./rollup-totals-by-name";
import { findWorker, listWorkerConfs, listWorkers } from "./worker-reads";
import { listRecentTasksOfWorker } from "./worker-recent-tasks";

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0); // a minute boundary, epoch ms

/** The console's read repositories against a real, migrated PostgreSQL, fed by the ingest's own writers where they exist. */
describe("console read repositories", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_console_reads");
    drop = db.drop;
    prisma = createPrismaClient(db.url, 2);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await drop?.();
  });

  beforeEach(async () => {
    await prisma.$executeRawUnsafe("TRUNCATE workers, tasks, task_events, task_rollups, queue_samples");
  });

  describe("workers", () => {
    it("lists online workers first, reads one with its inspect replies, and lists reported confs", async () => {
      await prisma.worker.createMany({
        data: [
          { hostname: "b@h", status: "offline", offlineAt: new Date(T0) },
          { hostname: "c@h", status: "online", active: 2, processed: 10n, loadavg: [0.5, 0.4, 0.3], stats: { pool: { "max-concurrency": 4 } } },
          { hostname: "a@h", status: "online", registered: ["app.add"], conf: { broker_url: "redis://:pw@h/0" }, inspectedAt: new Date(T0) },
        ],
      });
      expect((await listWorkers(prisma)).map((w) => w.hostname)).toEqual(["a@h", "c@h", "b@h"]);
      const c = (await listWorkers(prisma))[1];
      expect(c).toMatchObject({ active: 2, processed: 10n, loadavg: [0.5, 0.4, 0.3], stats: { pool: { "max-concurrency": 4 } } });
      expect(c).not.toHaveProperty("conf");

      expect(await findWorker("a@h", prisma)).toMatchObject({ registered: ["app.add"], conf: { broker_url: "redis://:pw@h/0" } });
      expect(await findWorker("nobody@h", prisma)).toBeNull();
      expect(await listWorkerConfs(prisma)).toEqual([{ hostname: "a@h", status: "online", conf: { broker_url: "redis://:pw@h/0" }, inspectedAt: new Date(T0) }]);
    });

    it("lists a worker's newest received tasks, skipping tasks it never received", async () => {
      await prisma.task.createMany({
        data: [
          { uuid: "t1", name: "app.add", state: "SUCCESS", worker: "w@h", receivedAt: new Date(T0), runtime: 0.5 },
          { uuid: "t2", name: "app.mul", state: "STARTED", worker: "w@h", receivedAt: new Date(T0 + 1_000) },
          { uuid: "t3", name: "app.add", state: "PENDING", worker: "w@h" },
          { uuid: "t4", name: "app.add", state: "SUCCESS", worker: "other@h", receivedAt: new Date(T0 + 2_000) },
        ],
      });
      const rows = await listRecentTasksOfWorker("w@h", 10, prisma);
      expect(rows.map((row) => row.uuid)).toEqual(["t2", "t1"]);
      expect(rows[1]).toEqual({ uuid: "t1", name: "app.add", state: "SUCCESS", receivedAt: new Date(T0), runtime: 0.5 });
      expect(await listRecentTasksOfWorker("w@h", 1, prisma)).toHaveLength(1);
    });
  });

  describe("rollups", () => {
    const increment = (minuteMs: number, name: string, state: string, runtimes: number[], count = runtimes.length): RollupIncrement => {
      const histogram = emptyHistogram();
      for (const runtime of runtimes) histogram[bucketIndex(runtime)]! += 1;
      return {
        minute: minuteMs / 1000,
        name,
        state,
        count,
        runtimeSum: runtimes.reduce((a, b) => a + b, 0),
        runtimeMin: runtimes.length ? Math.min(...runtimes) : null,
        runtimeMax: runtimes.length ? Math.max(...runtimes) : null,
        histogram,
      };
    };

    beforeEach(async () => {
      // The ingest's own writer, twice for one key, so the sums the dashboard reads are the ones it builds.
      await addRollups(prisma, [
        increment(T0, "app.add", "SUCCESS", [0.01, 0.2]),
        increment(T0, "app.add", "RECEIVED", [], 3),
        increment(T0 + 60_000, "app.add", "SUCCESS", [3]),
        increment(T0 + 60_000, "app.fail", "FAILURE", [], 2),
        increment(T0 + 20 * 60_000, "app.add", "SUCCESS", [0.2]), // next 15-min bucket
        increment(T0 - 60_000, "app.add", "SUCCESS", [99]), // before the range
      ]);
      await addRollups(prisma, [increment(T0, "app.add", "SUCCESS", [0.2])]);
    });

    it("sums per bucket and state, adding histograms element by element", async () => {
      const rows = await listRollupBuckets({ from: T0, to: T0 + 30 * 60_000, bucketSeconds: 900 }, prisma);
      expect(rows.map((row) => [row.bucketStart - T0, row.state, row.count, row.runtimeSum])).toEqual([
        [0, "FAILURE", 2, 0],
        [0, "RECEIVED", 3, 0],
        [0, "SUCCESS", 4, expect.closeTo(3.41, 6)],
        [900_000, "SUCCESS", 1, expect.closeTo(0.2, 6)],
      ]);
      const success = rows.find((row) => row.state === "SUCCESS" && row.bucketStart === T0);
      expect(success?.histogram.reduce((a, b) => a + b, 0)).toBe(4);
      expect(success?.histogram[bucketIndex(0.2)]).toBe(2);
      expect(rows.find((row) => row.state === "FAILURE")?.histogram).toEqual([]);
      expect(summarizeRollups(rows)).toMatchObject({ succeeded: 5, failed: 2, finished: 7, p95Runtime: 5 });
    });

    it("aligns buckets to the epoch and sums per task name over the range", async () => {
      const minutes = await listRollupBuckets({ from: T0, to: T0 + 2 * 60_000, bucketSeconds: 60 }, prisma);
      expect([...new Set(minutes.map((row) => row.bucketStart - T0))]).toEqual([0, 60_000]);

      const byName = await listRollupTotalsByName({ from: T0, to: T0 + 30 * 60_000 }, prisma);
      expect(byName.map((row) => [row.name, row.state, row.count])).toEqual([
        ["app.add", "RECEIVED", 3],
        ["app.add", "SUCCESS", 5],
        ["app.fail", "FAILURE", 2],
      ]);
      expect(byName[1]?.histogram.reduce((a, b) => a + b, 0)).toBe(5);
    });
  });

  describe("queue samples", () => {
    it("reads each queue's newest sample and the deepest sample per bucket", async () => {
      const sample = (queue: string, depth: number, atMs: number, consumers: number | null = null) =>
        prisma.queueSample.create({ data: { queue, depth: BigInt(depth), consumers, sampledAt: new Date(atMs) } });
      await sample("celery", 5, T0);
      await sample("celery", 12, T0 + 10_000, 2);
      await sample("celery", 3, T0 + 70_000);
      await sample("io", 0, T0 + 5_000);
      await sample("gone", 9, T0 - 86_400_000);

      expect(await listLatestQueueDepths(new Date(T0 - 60_000), prisma)).toEqual([
        { queue: "celery", depth: 3, consumers: null, sampledAt: new Date(T0 + 70_000) },
        { queue: "io", depth: 0, consumers: null, sampledAt: new Date(T0 + 5_000) },
      ]);
      const history = await listQueueDepthHistory({ from: T0, to: T0 + 120_000, bucketSeconds: 60 }, prisma);
      expect(history.map((p) => [p.queue, p.bucketStart - T0, p.depth])).toEqual([
        ["celery", 0, 12],
        ["io", 0, 0],
        ["celery", 60_000, 3],
      ]);
    });
  });

  describe("monitor events", () => {
    it("reads events after an id with the task's name, runtime and exception", async () => {
      expect(await latestTaskEventId(prisma)).toBe(0n);
      await prisma.task.create({ data: { uuid: "t1", name: "app.add", state: "SUCCESS" } });
      const event = (type: string, seconds: number, fields: Record<string, unknown>) => ({
        taskId: "t1",
        type,
        hostname: "w@h",
        timestamp: T0 / 1000 + seconds,
        clock: seconds,
        fields,
        runtime: null,
      });
      await insertTaskEvents(prisma, [event("task-received", 0, { name: "app.add" }), event("task-started", 1, {})]);
      const first = await latestTaskEventId(prisma);
      await insertTaskEvents(prisma, [event("task-succeeded", 2, { runtime: 0.25, result: "5" }), event("task-failed", 3, { exception: "x".repeat(400) })]);

      const after = await listTaskEventsAfter(first, 10, prisma);
      expect(after.map((row) => [row.type, row.name, row.runtime, row.exception?.length ?? null])).toEqual([
        ["task-succeeded", "app.add", 0.25, null],
        ["task-failed", "app.add", null, 300],
      ]);
      expect(after[0]).toMatchObject({ taskId: "t1", hostname: "w@h", timestamp: T0 + 2_000 });
      expect(BigInt(after[1]!.id)).toBe(await latestTaskEventId(prisma));

      // Past the limit, the newest win (still oldest first).
      expect((await listTaskEventsAfter(0n, 2, prisma)).map((row) => row.type)).toEqual(["task-succeeded", "task-failed"]);
      expect((await listLatestTaskEvents(3, prisma)).map((row) => row.type)).toEqual(["task-started", "task-succeeded", "task-failed"]);
    });
  });
});
