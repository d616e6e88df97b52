import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { purgeTaskBatch } from "@/lib/repositories/task-retention";
import { runRetention } from "./retention";
import { DEFAULT_HOUSEKEEPING, type RetentionPolicy } from "./retention-policy";

const DAY = 86_400;
const NOW = 1_800_000_000;
const OFF: RetentionPolicy = {
  maxTasks: null,
  taskMaxAge: null,
  failedTaskMaxAge: null,
  workerOfflineMaxAge: null,
  rollupMaxAge: null,
  queueSampleMaxAge: null,
  deadLetterMaxAge: null,
  auditMaxAge: null,
  alertHistoryMaxAge: null,
  alertDeliveryMaxAge: null,
};
/** Small batches, so a handful of rows already takes several statements. */
const RUN = { batchSize: 2, pauseMs: 0, nowSeconds: NOW };

describe("retention", () => {
  let prisma: PrismaClient;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_maint_retention");
    ({ url, drop } = db);
    prisma = createPrismaClient(url, 2);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await drop?.();
  });

  beforeEach(async () => {
    await prisma.$executeRawUnsafe("TRUNCATE tasks, task_events, workers, task_rollups, queue_samples, dead_letters, event_totals, audit_log, alert_history, alert_deliveries");
  });

  /** A task first seen `ageDays` before NOW, with two timeline rows. */
  async function insertTask(uuid: string, state: string, ageDays: number): Promise<void> {
    const at = NOW - ageDays * DAY;
    await prisma.$executeRawUnsafe(`INSERT INTO tasks (uuid, state, first_seen_at) VALUES ($1, $2, to_timestamp($3::float8))`, uuid, state, at);
    await prisma.$executeRawUnsafe(
      `INSERT INTO task_events (task_id, type, hostname, timestamp, fields)
       VALUES ($1, 'task-received', 'w@h', to_timestamp($2::float8), '{}'), ($1, 'task-started', 'w@h', to_timestamp($2::float8 + 1), '{}')`,
      uuid,
      at,
    );
  }

  const taskIds = async () => (await prisma.$queryRawUnsafe<{ uuid: string }[]>("SELECT uuid FROM tasks ORDER BY uuid")).map((row) => row.uuid);
  const eventTaskIds = async () =>
    (await prisma.$queryRawUnsafe<{ id: string }[]>("SELECT DISTINCT task_id AS id FROM task_events ORDER BY 1")).map((row) => row.id);

  it("deletes tasks past their age, keeps failures for their own longer age, and takes the events along", async () => {
    for (const [uuid, age] of [["s-11d", 11], ["s-12d", 12], ["s-13d", 13], ["s-14d", 14], ["s-15d", 15]] as const) await insertTask(uuid, "SUCCESS", age);
    await insertTask("stuck-20d", "STARTED", 20); // any state but FAILURE counts as a task
    await insertTask("s-9d", "SUCCESS", 9);
    await insertTask("f-20d", "FAILURE", 20);
    await insertTask("f-31d", "FAILURE", 31);
    await insertTask("f-1d", "FAILURE", 1);

    const report = await runRetention(prisma, { ...OFF, taskMaxAge: 10 * DAY, failedTaskMaxAge: 30 * DAY }, RUN);

    expect(await taskIds()).toEqual(["f-1d", "f-20d", "s-9d"]);
    expect(await eventTaskIds()).toEqual(["f-1d", "f-20d", "s-9d"]);
    expect(report).toMatchObject({ expiredTasks: 6, expiredFailures: 1, cappedTasks: 0, cappedFailures: 0, taskEvents: 14 });
    // 6 expired non-failures in batches of 2: three full batches and one that finds nothing;
    // 1 expired failure: one short batch; and one statement finding no idle /metrics counters.
    expect(report.batches).toBe(6);

    const again = await runRetention(prisma, { ...OFF, taskMaxAge: 10 * DAY, failedTaskMaxAge: 30 * DAY }, RUN);
    expect(again).toMatchObject({ expiredTasks: 0, expiredFailures: 0, taskEvents: 0 });
    expect(await taskIds()).toEqual(["f-1d", "f-20d", "s-9d"]);
  });

  it("deletes the oldest matching tasks first, at most one batch per statement", async () => {
    for (const age of [5, 4, 3, 2, 1]) await insertTask(`s-${age}d`, "SUCCESS", age);
    await insertTask("f-9d", "FAILURE", 9);
    const first = await purgeTaskBatch(prisma, { kind: "others", firstSeenBefore: null, from: null, limit: 2 });
    expect(first).toMatchObject({ tasks: 2, events: 4 });
    expect(await taskIds()).toEqual(["f-9d", "s-1d", "s-2d", "s-3d"]);
    // the cursor is where the next batch starts: the first_seen_at of the newest row deleted
    const cursorTime = await prisma.$queryRawUnsafe<{ ok: boolean }[]>(`SELECT $1::timestamptz = to_timestamp($2::float8) AS ok`, first.cursor, NOW - 4 * DAY);
    expect(cursorTime[0]?.ok).toBe(true);
  });

  it("caps the number of tasks, removing the oldest non-failures before any failure", async () => {
    for (const [uuid, age] of [["f-a", 9], ["f-b", 8], ["f-c", 7], ["f-d", 6]] as const) await insertTask(uuid, "FAILURE", age);
    for (const [uuid, age] of [["s-a", 5], ["s-b", 4], ["s-c", 3], ["s-d", 2]] as const) await insertTask(uuid, "SUCCESS", age);

    const capped = await runRetention(prisma, { ...OFF, maxTasks: 5 }, RUN);
    expect(capped).toMatchObject({ cappedTasks: 3, cappedFailures: 0, taskEvents: 6 });
    expect(await taskIds()).toEqual(["f-a", "f-b", "f-c", "f-d", "s-d"]);
    expect(await runRetention(prisma, { ...OFF, maxTasks: 5 }, RUN)).toMatchObject({ cappedTasks: 0, cappedFailures: 0 });

    // Failures alone over the cap: every non-failure goes, then the oldest failures.
    const tight = await runRetention(prisma, { ...OFF, maxTasks: 2 }, RUN);
    expect(tight).toMatchObject({ cappedTasks: 1, cappedFailures: 2 });
    expect(await taskIds()).toEqual(["f-c", "f-d"]);
    expect(await eventTaskIds()).toEqual(["f-c", "f-d"]);
  });

  it("applies the age rules before the cap", async () => {
    await insertTask("s-old", "SUCCESS", 40);
    await insertTask("f-old", "FAILURE", 40);
    for (const age of [3, 2, 1]) await insertTask(`s-${age}d`, "SUCCESS", age);
    const report = await runRetention(prisma, { ...OFF, taskMaxAge: 30 * DAY, failedTaskMaxAge: 30 * DAY, maxTasks: 2 }, RUN);
    expect(report).toMatchObject({ expiredTasks: 1, expiredFailures: 1, cappedTasks: 1, cappedFailures: 0 });
    expect(await taskIds()).toEqual(["s-1d", "s-2d"]);
  });

  it("purges long-offline workers, old rollups, queue samples and dead letters by their own ages", async () => {
    const ago = (days: number) => NOW - days * DAY;
    await prisma.$executeRawUnsafe(
      `INSERT INTO workers (hostname, status, last_heartbeat, offline_at, updated_at) VALUES
         ('off-8d@h', 'offline', to_timestamp($1::float8), to_timestamp($1::float8), now()),
         ('off-6d@h', 'offline', to_timestamp($2::float8), to_timestamp($2::float8), now()),
         ('silent-30d@h', 'online', to_timestamp($3::float8), NULL, to_timestamp($3::float8)),
         ('off-unknown@h', 'offline', NULL, NULL, to_timestamp($3::float8))`,
      ago(8),
      ago(6),
      ago(30),
    );
    for (const days of [91, 92, 93, 89]) {
      await prisma.$executeRawUnsafe(`INSERT INTO task_rollups (minute, name, state, count) VALUES (to_timestamp($1::float8), 'app.add', 'SUCCESS', 1)`, ago(days));
    }
    for (const days of [8, 9, 10, 11, 12, 6]) {
      await prisma.$executeRawUnsafe(`INSERT INTO queue_samples (queue, depth, sampled_at) VALUES ('celery', 1, to_timestamp($1::float8))`, ago(days));
      await prisma.$executeRawUnsafe(
        `INSERT INTO dead_letters (received_at, transport, channel, reason, detail, raw, size) VALUES (to_timestamp($1::float8), 'redis', 'c', 'r', 'd', '\\x00', 1)`,
        ago(days),
      );
    }

    const policy = { ...OFF, ...DEFAULT_HOUSEKEEPING, workerOfflineMaxAge: 7 * DAY };
    const report = await runRetention(prisma, policy, RUN);

    expect(report).toMatchObject({ workers: 2, rollups: 3, queueSamples: 5, deadLetters: 5 });
    const workers = await prisma.$queryRawUnsafe<{ hostname: string }[]>("SELECT hostname FROM workers ORDER BY hostname");
    // The online worker is the sweeper's business, whatever its age.
    expect(workers.map((row) => row.hostname)).toEqual(["off-6d@h", "silent-30d@h"]);
    const left = await prisma.$queryRawUnsafe<{ rollups: number; samples: number; letters: number }[]>(
      `SELECT (SELECT count(*) FROM task_rollups)::int AS rollups, (SELECT count(*) FROM queue_samples)::int AS samples, (SELECT count(*) FROM dead_letters)::int AS letters`,
    );
    expect(left[0]).toEqual({ rollups: 1, samples: 1, letters: 1 });
    expect(await runRetention(prisma, policy, RUN)).toMatchObject({ workers: 0, rollups: 0, queueSamples: 0, deadLetters: 0 });
  });

  it("purges the audit log, alert history and sent or failed notifications by their ages, never a pending notification", async () => {
    const ago = (days: number) => NOW - days * DAY;
    for (const [action, days] of [["a-400d", 400], ["a-366d", 366], ["a-370d", 370], ["a-364d", 364], ["a-1d", 1]] as const) {
      await prisma.$executeRawUnsafe(`INSERT INTO audit_log (at, actor, action, outcome) VALUES (to_timestamp($1::float8), 'ops', $2, 'ok')`, ago(days), action);
    }
    for (const [message, days] of [["h-91d", 91], ["h-95d", 95], ["h-89d", 89]] as const) {
      await prisma.$executeRawUnsafe(
        `INSERT INTO alert_history (at, rule_id, rule_name, severity, kind, message) VALUES (to_timestamp($1::float8), 'r', 'Rule', 'warning', 'fired', $2)`,
        ago(days),
        message,
      );
    }
    for (const [name, status, days] of [["d-sent-100d", "sent", 100], ["d-failed-91d", "failed", 91], ["d-pending-120d", "pending", 120], ["d-sent-30d", "sent", 30]] as const) {
      await prisma.$executeRawUnsafe(
        `INSERT INTO alert_deliveries (created_at, channel_name, channel_type, kind, message, status) VALUES (to_timestamp($1::float8), $2, 'webhook', 'fired', '{}', $3)`,
        ago(days),
        name,
        status,
      );
    }
    const left = async () => ({
      audit: (await prisma.$queryRawUnsafe<{ action: string }[]>("SELECT action FROM audit_log ORDER BY at")).map((row) => row.action),
      history: (await prisma.$queryRawUnsafe<{ message: string }[]>("SELECT message FROM alert_history ORDER BY at")).map((row) => row.message),
      deliveries: (await prisma.$queryRawUnsafe<{ channel_name: string }[]>("SELECT channel_name FROM alert_deliveries ORDER BY created_at")).map((row) => row.channel_name),
    });

    // Off keeps everything.
    expect(await runRetention(prisma, OFF, RUN)).toMatchObject({ auditLog: 0, alertHistory: 0, alertDeliveries: 0 });
    expect((await left()).audit).toHaveLength(5);

    // The defaults: a year of audit, 90 days of alert history and notifications; two rows per statement.
    const policy = { ...OFF, ...DEFAULT_HOUSEKEEPING, rollupMaxAge: null, queueSampleMaxAge: null, deadLetterMaxAge: null };
    const report = await runRetention(prisma, policy, RUN);
    expect(report).toMatchObject({ auditLog: 3, alertHistory: 2, alertDeliveries: 2 });
    // audit: a full statement of 2, then a short one of 1; history and deliveries: 2, then one finding none
    expect(report.batches).toBe(6);
    expect(await left()).toEqual({ audit: ["a-364d", "a-1d"], history: ["h-89d"], deliveries: ["d-pending-120d", "d-sent-30d"] });
    expect(await runRetention(prisma, policy, RUN)).toMatchObject({ auditLog: 0, alertHistory: 0, alertDeliveries: 0 });
  });

  it("purges /metrics counter series idle longer than the task retention, never ones /metrics still lists", async () => {
    const ago = (days: number) => NOW - days * DAY;
    const series = [
      ["gone-40d@h", 40],
      ["gone-31d@h", 31],
      ["quiet-29d@h", 29],
      ["busy@h", 0],
    ] as const;
    for (const [worker, days] of series) {
      await prisma.$executeRawUnsafe(
        `INSERT INTO event_totals (worker, task, type, count, updated_at) VALUES ($1, 'app.add', 'task-succeeded', 5, to_timestamp($2::float8)), ($1, 'app.add', 'task-received', 5, to_timestamp($2::float8))`,
        worker,
        ago(days),
      );
    }
    const left = async () => (await prisma.$queryRawUnsafe<{ worker: string }[]>("SELECT DISTINCT worker FROM event_totals ORDER BY worker")).map((row) => row.worker);

    const report = await runRetention(prisma, { ...OFF, taskMaxAge: 30 * DAY }, RUN);
    expect(report.eventTotals).toBe(4);
    expect(await left()).toEqual(["busy@h", "quiet-29d@h"]);
    expect((await runRetention(prisma, { ...OFF, taskMaxAge: 30 * DAY }, RUN)).eventTotals).toBe(0);

    // A task retention shorter than /metrics' 7-day window must not reset counters it still shows.
    await prisma.$executeRawUnsafe(`UPDATE event_totals SET updated_at = to_timestamp($1::float8) WHERE worker = 'quiet-29d@h'`, ago(6));
    expect((await runRetention(prisma, { ...OFF, taskMaxAge: 1 * DAY }, RUN)).eventTotals).toBe(0);
    expect(await left()).toEqual(["busy@h", "quiet-29d@h"]);
    // Tasks kept forever: so are the counters.
    await prisma.$executeRawUnsafe(`UPDATE event_totals SET updated_at = to_timestamp($1::float8)`, ago(400));
    expect((await runRetention(prisma, OFF, RUN)).eventTotals).toBe(0);
    expect(await left()).toEqual(["busy@h", "quiet-29d@h"]);
  });

  it("skips a task the ingest holds locked instead of waiting for it, and takes it next time", async () => {
    for (const age of [40, 41, 42]) await insertTask(`s-${age}d`, "SUCCESS", age);
    const ingest = new pg.Client({ connectionString: url });
    await ingest.connect();
    try {
      // What an ingest batch transaction holds while it upserts a task.
      await ingest.query("BEGIN");
      await ingest.query("SELECT 1 FROM tasks WHERE uuid = 's-41d' FOR UPDATE");
      const report = await runRetention(prisma, { ...OFF, taskMaxAge: 30 * DAY }, RUN);
      expect(report.expiredTasks).toBe(2);
      expect(await taskIds()).toEqual(["s-41d"]);
      await ingest.query("COMMIT");
    } finally {
      await ingest.end();
    }
    expect((await runRetention(prisma, { ...OFF, taskMaxAge: 30 * DAY }, RUN)).expiredTasks).toBe(1);
    expect(await taskIds()).toEqual([]);
  });

  it("stops between batches when aborted", async () => {
    for (const age of [40, 41, 42, 43, 44]) await insertTask(`s-${age}d`, "SUCCESS", age);
    const controller = new AbortController();
    controller.abort();
    const report = await runRetention(prisma, { ...OFF, taskMaxAge: 30 * DAY }, { ...RUN, signal: controller.signal });
    expect(report).toMatchObject({ expiredTasks: 0, batches: 0 });
    expect(await taskIds()).toHaveLength(5);
  });
});
