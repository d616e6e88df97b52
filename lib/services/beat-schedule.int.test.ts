import crypto from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startCeleryBeat, startCeleryWorker, waitFor, type CeleryBeat, type CeleryWorker } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import type { Actor } from "@/lib/auth/actor";
import { ForbiddenError } from "@/lib/auth/actor";
import { createPrismaClient, getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { closeControlChannel } from "@/lib/services/control/control-channel-instance";
import { startIngest, type RunningIngest } from "@/worker/ingest/ingest-service";
import { runBeatEntryNow } from "./beat-actions";
import { getBeatEntryDetail, getBeatOverview, type BeatSettings } from "./beat-schedule";

/**
 * The beat page's data against the real thing: Debian's `celery beat` runs the sample app's
 * schedule (add-every-5s: bloom_sample.add(2, 2) every 5 s; xsum-every-minute: a crontab), a
 * real worker executes it, Bloom's ingest stores the events and polls the worker's conf.
 */

const admin: Actor = { kind: "session", name: "alice", role: "admin" };
const viewer: Actor = { kind: "session", name: "victor", role: "viewer" };
const ONLY_CONF: BeatSettings = { beatDatabaseUrl: undefined, redbeatUrl: undefined, redbeatKeyPrefix: "redbeat:" };
const INTERVAL = "conf:add-every-5s";
const CRONTAB = "conf:xsum-every-minute";

describe("beat schedule with a real celery beat", () => {
  let prisma: PrismaClient;
  let ingest: RunningIngest;
  let worker: CeleryWorker;
  let beat: CeleryBeat | undefined;
  let drop: () => Promise<void>;
  // a broker database of its own: what beat queued never reaches another file's workers
  const brokerUrl = () => inject("redisUrl").replace(/\/\d+$/, "/7");

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_beat_pipeline");
    drop = db.drop;
    process.env.DATABASE_URL = db.url;
    process.env.CELERY_BROKER_URL = brokerUrl();
    prisma = createPrismaClient(db.url, 4);
    ingest = await startIngest({
      prisma,
      brokerUrl: brokerUrl(),
      instanceId: "test-beat",
      log: pino({ level: "warn" }),
      source: { amqp: { queueName: `bloom.events.test.${crypto.randomBytes(4).toString("hex")}` } },
      healthIntervalMs: 500,
      inspector: { inspectIntervalMs: 1_000, enableEventsIntervalMs: null },
    });
    await waitFor("broker connected", () => ingest.source.status().state === "connected", { timeoutMs: 20_000 });
    worker = await startCeleryWorker({ brokerUrl: brokerUrl(), hostname: "beat-w1@bloomtest", concurrency: 2 });
  });

  afterAll(async () => {
    await beat?.stop();
    await worker?.stop();
    await ingest?.stop();
    await closeControlChannel();
    await prisma?.$disconnect();
    await getPrisma().$disconnect();
    await drop?.();
  });

  it("lists the schedule the worker reports, before beat ever ran", async () => {
    const overview = await waitFor("the worker's conf with its beat_schedule", async () => {
      const o = await getBeatOverview(Date.now(), ONLY_CONF);
      return o.entries.length === 2 ? o : undefined;
    }, { timeoutMs: 20_000, intervalMs: 250 });
    const [interval, cron] = [overview.entries.find((e) => e.id === INTERVAL), overview.entries.find((e) => e.id === CRONTAB)];
    expect(interval).toMatchObject({ task: "bloom_sample.add", scheduleText: "every 5 s", args: [2, 2], timeZone: "UTC", reportedBy: ["beat-w1@bloomtest"], verdict: "never-run", lastRun: null });
    expect(cron).toMatchObject({ task: "bloom_sample.xsum", scheduleText: "every minute", args: [[1, 2, 3]], verdict: "never-run" });
    // the crontab's next run is the next whole minute
    expect((cron?.nextRunAt ?? 0) % 60_000).toBe(0);
    expect(cron?.nextRunAt).toBeGreaterThan(overview.generatedAt);
    expect(cron?.nextRunAt).toBeLessThanOrEqual(overview.generatedAt + 60_000);
    expect(overview.health).toMatchObject({ state: "not-seen", tone: null });
  });

  it("matches beat's tasks to the entry: runs every 5 s, on time, nothing missed", async () => {
    beat = await startCeleryBeat({ brokerUrl: brokerUrl() });
    const detail = await waitFor("three runs of add-every-5s", async () => {
      const d = await getBeatEntryDetail(INTERVAL, Date.now(), ONLY_CONF);
      return d && d.history.filter((item) => item.run !== null).length >= 3 && d.view.lastRun?.state === "SUCCESS" ? d : undefined;
    }, { timeoutMs: 40_000, intervalMs: 500 });
    expect(detail.view).toMatchObject({ verdict: "ok", missed: 0 });
    const runs = detail.history.filter((item) => item.run !== null);
    expect(runs.slice(1).every((item) => item.status === "on-time")).toBe(true);
    // consecutive sends are one interval apart (beat counts from the previous send)
    for (let i = 1; i < runs.length; i++) expect(Math.abs((runs[i]?.run?.at ?? 0) - (runs[i - 1]?.run?.at ?? 0) - 5_000)).toBeLessThan(1_000);
    const task = await prisma.task.findUnique({ where: { uuid: detail.view.lastRun?.taskId ?? "" } });
    expect(task).toMatchObject({ name: "bloom_sample.add", argsJson: [2, 2], result: "4" });
    // the next run is the last send plus the interval
    expect(Math.abs((detail.nextRuns[0] ?? 0) - ((detail.view.lastRun?.at ?? 0) + 5_000))).toBeLessThan(1_000);
  });

  it("runs an entry now for admins (audited) and refuses viewers", async () => {
    await expect(runBeatEntryNow(viewer, { id: INTERVAL }, ONLY_CONF)).rejects.toBeInstanceOf(ForbiddenError);
    const sent = await runBeatEntryNow(admin, { id: INTERVAL }, ONLY_CONF);
    expect(sent).toMatchObject({ name: "bloom_sample.add", queue: "celery", args: [2, 2] });
    const row = await waitFor("the sent task to succeed", async () => {
      const t = await prisma.task.findUnique({ where: { uuid: sent.taskId } });
      return t?.state === "SUCCESS" ? t : undefined;
    }, { timeoutMs: 20_000, intervalMs: 200 });
    expect(row.result).toBe("4");
    const audit = await prisma.auditLog.findMany({ where: { action: "beat.run-now" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actor, a.target, a.outcome])).toEqual([
      ["victor", INTERVAL, "denied"],
      ["alice", INTERVAL, "ok"],
    ]);
  });

  it("marks missed runs once beat stops, and beat's health turns bad", async () => {
    await beat?.stop();
    beat = undefined;
    const stoppedAt = Date.now();
    const detail = await waitFor("add-every-5s to be missing", async () => {
      const d = await getBeatEntryDetail(INTERVAL, Date.now(), ONLY_CONF);
      return d && d.view.verdict === "missing" && d.view.missed >= 2 ? d : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    expect(detail.view.missingSince).toBeGreaterThan(stoppedAt - 6_000);
    expect(detail.history.at(-1)?.status).toBe("missed");
    const overview = await getBeatOverview(Date.now(), ONLY_CONF);
    const cron = overview.entries.find((e) => e.id === CRONTAB);
    // beat as a whole is "stopped" when every entry seen running is missing; the minutely entry may still be within its grace
    const expected = cron?.verdict === "ok" || cron?.verdict === "late" ? { state: "degraded", tone: "warning" } : { state: "stopped", tone: "critical" };
    expect(overview.health).toMatchObject(expected);
  });
});
