import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sendScenario, startCeleryWorker, waitFor, type CeleryWorker } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { buildProcessBundles, ingestCommandArgs } from "@/worker/launcher/process-bundles";

const projectRoot = path.resolve(import.meta.dirname, "../..");
let bundle = "";

/** The production artifact: the bundle, started with its flags (worker/launcher/process-bundles.ts). */
function startIngestProcess(databaseUrl: string, brokerUrl: string): ChildProcess {
  return spawn(process.execPath, ingestCommandArgs(bundle), {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, CELERY_BROKER_URL: brokerUrl, LOG_FORMAT: "json", LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
}

/** instance ids are `<host>:<pid>:<random>` */
const pidOf = (instanceId: string) => Number(instanceId.split(":")[1]);

describe("two ingest processes", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;
  let worker: CeleryWorker;
  const processes: ChildProcess[] = [];
  const brokerUrl = () => inject("redisUrl");

  beforeAll(async () => {
    bundle = (await buildProcessBundles(projectRoot)).ingest;
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_ha");
    drop = db.drop;
    prisma = createPrismaClient(db.url, 2);
    processes.push(startIngestProcess(db.url, brokerUrl()), startIngestProcess(db.url, brokerUrl()));
    worker = await startCeleryWorker({ brokerUrl: brokerUrl(), backendUrl: inject("redisUrl").replace(/\/0$/, "/1"), hostname: "ha@bloomtest" });
  });

  afterAll(async () => {
    for (const child of processes) if (child.exitCode === null) child.kill("SIGKILL");
    await worker?.stop();
    await prisma?.$disconnect();
    await drop?.();
  });

  const fresh = async () => {
    const rows = await prisma.ingestHealth.findMany({ where: { updatedAt: { gt: new Date(Date.now() - 2_500) }, brokerState: { not: "stopped" } } });
    return { active: rows.filter((row) => row.role === "active"), standby: rows.filter((row) => row.role === "standby") };
  };

  it("lets exactly one consume while the other stands by", async () => {
    const roles = await waitFor("one active and one standby", async () => {
      const r = await fresh();
      return r.active.length === 1 && r.standby.length === 1 ? r : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    expect(roles.active[0]!.brokerState).toBe("connected");
    expect(roles.standby[0]!.brokerState).toBe("standby");
  });

  it("fails over within 5 s when the active process dies, and keeps ingesting", async () => {
    const { active, standby } = await fresh();
    const activePid = pidOf(active[0]!.instanceId);
    const victim = processes.find((child) => child.pid === activePid);
    expect(victim).toBeDefined();
    victim!.kill("SIGKILL");
    const killedAt = Date.now();
    await waitFor("the standby to take over", async () => {
      const row = await prisma.ingestHealth.findUnique({ where: { instanceId: standby[0]!.instanceId } });
      return row?.role === "active" && row.brokerState === "connected" ? row : undefined;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    expect(Date.now() - killedAt).toBeLessThan(5_000 + 1_500); // lock poll 1 s + subscribe + one health tick

    const sent = await sendScenario(brokerUrl(), "group");
    await waitFor("tasks ingested by the new active process", async () => {
      const done = await prisma.task.count({ where: { uuid: { in: sent.task_ids }, state: "SUCCESS" } });
      return done === sent.task_ids.length || undefined;
    }, { timeoutMs: 20_000, intervalMs: 200 });
  });
});
