import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { waitFor } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CHANGES_CHANNEL, type ChangeNotification } from "../ingest/change-notification";
import { startMaintenance } from "./maintenance";
import { sweepSilentWorkers } from "./worker-sweeper";

const NOW = 1_800_000_000; // a fixed "now" (epoch seconds): expiry times are then exact numbers

describe("worker sweeper", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;
  let listener: pg.Client;
  const notifications: ChangeNotification[] = [];

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_maint_sweeper");
    drop = db.drop;
    prisma = createPrismaClient(db.url, 2);
    listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    listener.on("notification", (message) => notifications.push(JSON.parse(message.payload ?? "null") as ChangeNotification));
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
  });

  afterAll(async () => {
    await listener?.end();
    await prisma?.$disconnect();
    await drop?.();
  });

  beforeEach(async () => {
    await prisma.$executeRawUnsafe("TRUNCATE workers");
    notifications.length = 0;
  });

  /** A worker row with its last heartbeat `agoSeconds` before NOW. */
  const insertWorker = (hostname: string, status: string, agoSeconds: number, freq: number, offlineAt: number | null = null) =>
    prisma.$executeRawUnsafe(
      `INSERT INTO workers (hostname, status, last_heartbeat, freq, offline_at) VALUES ($1, $2, to_timestamp($3::float8), $4, to_timestamp($5::float8))`,
      hostname,
      status,
      NOW - agoSeconds,
      freq,
      offlineAt,
    );

  const rows = async () => {
    const list = await prisma.$queryRawUnsafe<{ hostname: string; status: string; offlineAt: number | null }[]>(
      `SELECT hostname, status, extract(epoch from offline_at)::float8 AS "offlineAt" FROM workers ORDER BY hostname`,
    );
    return Object.fromEntries(list.map((row) => [row.hostname, { status: row.status, offlineAt: row.offlineAt }]));
  };

  it("marks silent workers offline at their expiry time (last heartbeat + freq × 2) and leaves live ones online", async () => {
    await insertWorker("silent@h", "online", 10.5, 2); // expired 6.5 s ago
    await insertWorker("edge@h", "online", 4, 2); // expires exactly now: Celery's alive is `now < expiry`
    await insertWorker("fresh@h", "online", 1, 2); // alive for 3 more seconds
    await insertWorker("slow@h", "online", 100, 60); // freq 60: alive until 20 s from now
    await insertWorker("gone@h", "offline", 500, 2, NOW - 400); // already offline: untouched

    const swept = await sweepSilentWorkers(prisma, NOW);

    expect(swept.map((worker) => worker.hostname).sort()).toEqual(["edge@h", "silent@h"]);
    expect(await rows()).toEqual({
      "edge@h": { status: "offline", offlineAt: NOW },
      "fresh@h": { status: "online", offlineAt: null },
      "gone@h": { status: "offline", offlineAt: NOW - 400 },
      "silent@h": { status: "offline", offlineAt: NOW - 6.5 },
      "slow@h": { status: "online", offlineAt: null },
    });
    const note = await waitFor("the change notification", () => notifications[0], { timeoutMs: 5_000 });
    expect(note.tasks).toEqual([]);
    expect(Array.isArray(note.workers) ? [...note.workers].sort() : note.workers).toEqual(["edge@h", "silent@h"]);
  });

  it("changes and announces nothing when run again, and picks up a worker once it expires", async () => {
    await insertWorker("silent@h", "online", 10, 2);
    await insertWorker("fresh@h", "online", 1, 2);
    expect(await sweepSilentWorkers(prisma, NOW)).toHaveLength(1);
    expect(await sweepSilentWorkers(prisma, NOW)).toEqual([]);
    expect(await sweepSilentWorkers(prisma, NOW + 3)).toEqual([{ hostname: "fresh@h", offlineAt: NOW + 3 }]);

    // Notifications arrive in commit order: had the idle sweep announced something, it would
    // sit between these two.
    await waitFor("two notifications", () => notifications.length >= 2 || undefined, { timeoutMs: 5_000 });
    expect(notifications.map((note) => note.workers)).toEqual([["silent@h"], ["fresh@h"]]);
  });

  it("runs on its own schedule inside startMaintenance", async () => {
    // Real time here: the runner sweeps with the process clock.
    await prisma.$executeRawUnsafe(`INSERT INTO workers (hostname, status, last_heartbeat, freq) VALUES ('late@h', 'online', now() - interval '10 seconds', 2)`);
    const maintenance = startMaintenance({
      prisma,
      brokerUrl: inject("redisUrl"),
      log: pino({ level: "silent" }),
      retention: { maxTasks: null, taskMaxAge: null, failedTaskMaxAge: null, workerOfflineMaxAge: null },
      sweepIntervalMs: 50,
      sampleIntervalMs: 0,
    });
    try {
      await waitFor("the sweeper to mark late@h offline", async () => (await rows())["late@h"]?.status === "offline", { timeoutMs: 10_000 });
    } finally {
      await maintenance.stop();
    }
    expect(maintenance.sampler).toBeUndefined();
  });
});
