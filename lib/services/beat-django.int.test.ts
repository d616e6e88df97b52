import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import type { Actor } from "@/lib/auth/actor";
import { ForbiddenError } from "@/lib/auth/actor";
import { getPrisma } from "@/lib/db/client";
import { closeDjangoBeatPools } from "@/lib/repositories/beat-django-celery-beat";
import { setBeatEntryEnabled } from "./beat-actions";
import { BeatServiceError } from "./beat-errors";
import { getBeatEntryDetail, getBeatOverview, type BeatSettings } from "./beat-schedule";

/**
 * django-celery-beat as the source, against real PostgreSQL: the tables are created with the
 * exact SQL Django's `migrate` runs for django-celery-beat 2.4.0
 * (lib/repositories/__fixtures__/django-celery-beat-postgres.sql, generated from the package's
 * migrations), and rows are inserted with the values the ORM writes: args/kwargs/headers as
 * JSON text, `date_changed` set, `description` '' and the singleton
 * django_celery_beat_periodictasks row (ident 1).
 */

const admin: Actor = { kind: "session", name: "alice", role: "admin" };
const viewer: Actor = { kind: "session", name: "victor", role: "viewer" };
const NOW = Date.now();
const DDL = readFileSync(new URL("../repositories/__fixtures__/django-celery-beat-postgres.sql", import.meta.url), "utf8");

describe("beat schedule from django-celery-beat", () => {
  let dropBloom: () => Promise<void>;
  let djangoUrl: string;
  let django: pg.Client;
  let settings: BeatSettings;
  const adminQuery = async (sql: string) => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    const bloom = await createMigratedDatabase(inject("databaseUrl"), "bloom_beat_django");
    dropBloom = bloom.drop;
    process.env.DATABASE_URL = bloom.url;
    await adminQuery("DROP DATABASE IF EXISTS beat_django_app WITH (FORCE)");
    await adminQuery("CREATE DATABASE beat_django_app");
    const url = new URL(inject("databaseUrl"));
    url.pathname = "/beat_django_app";
    djangoUrl = url.toString();
    settings = { beatDatabaseUrl: djangoUrl, redbeatUrl: undefined, redbeatKeyPrefix: "redbeat:" };
    django = new pg.Client({ connectionString: djangoUrl });
    await django.connect();
    await django.query(DDL);
    await django.query(`
      INSERT INTO django_celery_beat_intervalschedule (id, every, period) VALUES (1, 10, 'seconds');
      INSERT INTO django_celery_beat_crontabschedule (id, minute, hour, day_of_week, day_of_month, month_of_year, timezone) VALUES (1, '0', '2', '*', '*', '*', 'Europe/Paris');
      INSERT INTO django_celery_beat_solarschedule (id, event, latitude, longitude) VALUES (1, 'sunset', 48.856600, 2.352200);
      INSERT INTO django_celery_beat_clockedschedule (id, clocked_time) VALUES (1, now() + interval '1 day');
      INSERT INTO django_celery_beat_periodictasks (ident, last_update) VALUES (1, now() - interval '1 hour');`);
    const task = (name: string, taskName: string, schedule: string, values: Record<string, unknown>) => {
      const row = { name, task: taskName, args: "[]", kwargs: "{}", queue: null, exchange: null, routing_key: null, expires: null, enabled: true, last_run_at: null, total_run_count: 0, description: "", one_off: false, start_time: null, priority: null, headers: "{}", expire_seconds: null, ...values };
      const columns = [...Object.keys(row), `${schedule}_id`];
      const params = [...Object.values(row), 1];
      return django.query(
        `INSERT INTO django_celery_beat_periodictask (${columns.join(", ")}, date_changed) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}, now())`,
        params,
      );
    };
    await task("sync-every-10s", "app.sync", "interval", { args: "[1, 2]", kwargs: '{"full": false}', last_run_at: new Date(NOW - 2_000), total_run_count: 5, queue: "sync" });
    await task("nightly-report", "app.report", "crontab", { description: "The morning report", priority: 3 });
    await task("sunset-lights", "app.lights", "solar", { enabled: false });
    await task("one-shot", "app.once", "clocked", { one_off: true });
    // What Bloom stored of the interval entry's runs: every 10 s, and one unrelated call of the same task
    await getPrisma().task.createMany({
      data: [
        ...[32, 22, 12, 2].map((ago, i) => ({ uuid: `sync-${i}`, name: "app.sync", state: "SUCCESS", args: "(1, 2)", kwargs: "{'full': False}", argsJson: [1, 2], kwargsJson: { full: false }, sentAt: new Date(NOW - ago * 1000), receivedAt: new Date(NOW - ago * 1000 + 5), runtime: 0.02 })),
        { uuid: "sync-other", name: "app.sync", state: "SUCCESS", args: "(9,)", kwargs: "{}", argsJson: [9], kwargsJson: {}, sentAt: new Date(NOW - 7_000), receivedAt: new Date(NOW - 7_000) },
      ],
    });
  });

  afterAll(async () => {
    await django?.end();
    await closeDjangoBeatPools();
    await adminQuery("DROP DATABASE IF EXISTS beat_django_app WITH (FORCE)");
    await getPrisma().$disconnect();
    await dropBloom?.();
  });

  it("lists every periodic task with its schedule kind, zone, options and state", async () => {
    const overview = await getBeatOverview(NOW, settings);
    const django = overview.sources.find((source) => source.source === "django");
    expect(django).toMatchObject({ configured: true, error: null, entries: 4 });
    const byName = new Map(overview.entries.map((entry) => [entry.name, entry]));
    expect(byName.get("sync-every-10s")).toMatchObject({
      id: "django:sync-every-10s", scheduleKind: "interval", scheduleText: "every 10 s", args: [1, 2], kwargs: { full: false },
      options: { queue: "sync", headers: { periodic_task_name: "sync-every-10s" } }, totalRunCount: 5, canToggle: true,
    });
    expect(byName.get("nightly-report")).toMatchObject({ scheduleKind: "crontab", scheduleText: "at 02:00 every day", timeZone: "Europe/Paris", options: { priority: 3 }, verdict: "never-run" });
    expect(byName.get("sunset-lights")).toMatchObject({ scheduleKind: "solar", enabled: false, verdict: "disabled", nextRunAt: null });
    expect(byName.get("one-shot")).toMatchObject({ scheduleKind: "clocked", oneOff: true });
  });

  it("matches the stored tasks with the entry's arguments as its runs", async () => {
    const detail = await getBeatEntryDetail("django:sync-every-10s", NOW, settings);
    expect(detail?.view).toMatchObject({ verdict: "ok", missed: 0, lastRun: { taskId: "sync-3", state: "SUCCESS" } });
    expect(detail?.history.map((item) => item.run?.taskId)).toEqual(["sync-0", "sync-1", "sync-2", "sync-3"]);
    // next: 10 s after the last run (2 s ago)
    expect(detail?.nextRuns[0]).toBe(NOW - 2_000 + 10_000);
  });

  it("runs the Paris crontab at 02:00 Paris time, shown in both zones by the page", async () => {
    const detail = await getBeatEntryDetail("django:nightly-report", NOW, settings);
    const next = detail?.nextRuns ?? [];
    expect(next).toHaveLength(10);
    for (const at of next) expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at)).toBe("02:00");
  });

  it("disables and enables an entry the way the Django admin does, audited; viewers are refused", async () => {
    const before = await django.query<{ last_update: Date }>("SELECT last_update FROM django_celery_beat_periodictasks WHERE ident = 1");
    await expect(setBeatEntryEnabled(viewer, { id: "django:sync-every-10s", enabled: false }, settings)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await django.query("SELECT enabled FROM django_celery_beat_periodictask WHERE name = 'sync-every-10s'")).rows[0]).toEqual({ enabled: true });

    await expect(setBeatEntryEnabled(admin, { id: "django:sync-every-10s", enabled: false }, settings)).resolves.toEqual({ id: "django:sync-every-10s", enabled: false });
    const disabled = await django.query("SELECT enabled, last_run_at FROM django_celery_beat_periodictask WHERE name = 'sync-every-10s'");
    expect(disabled.rows[0]).toEqual({ enabled: false, last_run_at: null });
    const after = await django.query<{ last_update: Date }>("SELECT last_update FROM django_celery_beat_periodictasks WHERE ident = 1");
    expect(after.rows[0]?.last_update.getTime()).toBeGreaterThan(before.rows[0]?.last_update.getTime() ?? Infinity);
    expect((await getBeatOverview(Date.now(), settings)).entries.find((e) => e.id === "django:sync-every-10s")).toMatchObject({ enabled: false, verdict: "disabled" });

    await setBeatEntryEnabled(admin, { id: "django:sync-every-10s", enabled: true }, settings);
    expect((await django.query("SELECT enabled FROM django_celery_beat_periodictask WHERE name = 'sync-every-10s'")).rows[0]).toEqual({ enabled: true });

    const audit = await getPrisma().auditLog.findMany({ where: { target: "django:sync-every-10s" }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.actor, row.action, row.outcome])).toEqual([
      ["victor", "beat.disable", "denied"],
      ["alice", "beat.disable", "ok"],
      ["alice", "beat.enable", "ok"],
    ]);
  });

  it("refuses to toggle what is not in django-celery-beat, and names entries that do not exist", async () => {
    await expect(setBeatEntryEnabled(admin, { id: "django:no-such-task", enabled: false }, settings)).rejects.toMatchObject({ code: "not_found" });
    const error = await setBeatEntryEnabled(admin, { id: "conf:anything", enabled: false }, settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BeatServiceError);
  });

  it("reports an unreachable database as the source's error and still lists the other sources", async () => {
    const broken = { ...settings, beatDatabaseUrl: "postgresql://nobody:secret@127.0.0.1:1/none" };
    const overview = await getBeatOverview(NOW, broken);
    const source = overview.sources.find((s) => s.source === "django");
    expect(source?.error).toBeTruthy();
    expect(source?.detail).not.toContain("secret");
    expect(overview.entries.filter((entry) => entry.source === "django")).toEqual([]);
  });
});
