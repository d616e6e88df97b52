import crypto from "node:crypto";
import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { resultMetaKey } from "@/lib/celery/result-meta";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ResultBackendReconciler } from "./result-backend-reconciler";

/** Result records written the way Celery's Redis backend writes them (result_extended on). */
function meta(id: string, status: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ status, result: status === "SUCCESS" ? 42 : null, traceback: status === "FAILURE" ? "Traceback (most recent call last):\n..." : null, children: [], date_done: new Date().toISOString().replace("Z", ""), task_id: id, name: "bloom_sample.add", args: [40, 2], kwargs: {}, worker: "w1@bloomtest", retries: 0, queue: "celery", ...extra });
}

describe("reconciling from the Redis result backend", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;
  let redis: Redis;
  const backendUrl = () => inject("redisUrl").replace(/\/0$/, "/5");

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_reconcile");
    drop = db.drop;
    prisma = createPrismaClient(db.url, 2);
    redis = new Redis(backendUrl());
    await redis.flushdb();
  });
  afterAll(async () => {
    redis?.disconnect();
    await prisma?.$disconnect();
    await drop?.();
  });

  it("imports finished tasks Bloom never saw, once, with name, arguments and result", async () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    await redis.set(resultMetaKey(ids[0]!), meta(ids[0]!, "SUCCESS"));
    await redis.set(resultMetaKey(ids[1]!), meta(ids[1]!, "FAILURE"));
    await redis.set(resultMetaKey("not-json"), "\x80\x04pickled");
    const reconciler = new ResultBackendReconciler(prisma, backendUrl(), pino({ level: "silent" }));
    expect(await reconciler.run(0)).toMatchObject({ imported: 2 });
    const rows = await prisma.task.findMany({ where: { uuid: { in: ids } }, orderBy: { state: "asc" } });
    expect(rows.map((row) => [row.state, row.name, row.args, row.result, row.worker])).toEqual([
      ["FAILURE", "bloom_sample.add", "[40,2]", "null", "w1@bloomtest"],
      ["SUCCESS", "bloom_sample.add", "[40,2]", "42", "w1@bloomtest"],
    ]);
    expect(rows[0]!.traceback).toMatch(/^Traceback/);
    expect(rows[1]!.succeededAt).toBeInstanceOf(Date);
    expect(await reconciler.run(0)).toMatchObject({ imported: 0 }); // idempotent
    expect(await prisma.taskEvent.count({ where: { taskId: { in: ids }, type: "bloom-reconciled" } })).toBe(2);
  });

  it("finishes tasks Bloom believes are still running, keeping what events told it", async () => {
    const running = crypto.randomUUID();
    const unknownToBackend = crypto.randomUUID();
    await prisma.task.createMany({
      data: [
        { uuid: running, name: "bloom_sample.add", state: "STARTED", args: "(40, 2)" },
        { uuid: unknownToBackend, name: "bloom_sample.add", state: "STARTED" },
      ],
    });
    await redis.set(resultMetaKey(running), meta(running, "SUCCESS"));
    const report = await new ResultBackendReconciler(prisma, backendUrl(), pino({ level: "silent" })).run(null);
    expect(report.finished).toBe(1);
    const row = await prisma.task.findUniqueOrThrow({ where: { uuid: running } });
    expect(row).toMatchObject({ state: "SUCCESS", args: "(40, 2)", result: "42" });
    expect((await prisma.task.findUniqueOrThrow({ where: { uuid: unknownToBackend } })).state).toBe("STARTED");
  });

  it("says it cannot reconcile from a non-Redis backend instead of failing", async () => {
    const reconciler = new ResultBackendReconciler(prisma, "db+postgresql://u@h/db", pino({ level: "silent" }));
    expect(reconciler.supported).toBe(false);
    expect(await reconciler.run(0)).toEqual({ checked: 0, finished: 0, imported: 0 });
  });
});
