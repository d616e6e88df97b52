import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { getPrisma } from "@/lib/db/client";
import { getBeatEntryDetail, getBeatOverview, type BeatSettings } from "./beat-schedule";

/**
 * RedBeat as the source, against real Redis. Keys are written exactly as RedBeat 2.x writes
 * them (redbeat/schedulers.py RedBeatSchedulerEntry.save and _next_instance, encoder in
 * redbeat/decoder.py): HSET <prefix><name> definition <json> meta <json>, and
 * ZADD <prefix>:schedule <due unix seconds> <prefix><name>.
 */

const NOW = Date.now();

function datetimeJson(ms: number) {
  const d = new Date(ms);
  return {
    __type__: "datetime",
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: d.getUTCMilliseconds() * 1000,
    timezone: "UTC",
  };
}

describe.each(["redbeat:", "myapp:beat:"])("beat schedule from RedBeat (prefix %s)", (prefix) => {
  let redis: Redis;
  let drop: () => Promise<void>;
  let settings: BeatSettings;
  const lastRun = NOW - 20_000;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_beat_redbeat");
    drop = db.drop;
    process.env.DATABASE_URL = db.url;
    const url = inject("redisUrl").replace(/\/\d+$/, "/9");
    settings = { beatDatabaseUrl: undefined, redbeatUrl: url, redbeatKeyPrefix: prefix };
    redis = new Redis(url);
    await redis.flushdb();
    const save = async (name: string, definition: object, meta: object | null, due: number) => {
      const key = `${prefix}${name}`;
      await redis.hset(key, "definition", JSON.stringify({ name, ...definition }));
      if (meta) await redis.hset(key, "meta", JSON.stringify(meta));
      await redis.zadd(`${prefix}:schedule`, due, key);
    };
    await save(
      "heartbeat",
      { task: "app.heartbeat", args: ["ping"], kwargs: {}, options: { queue: "fast" }, enabled: true, schedule: { __type__: "interval", every: 30.0, relative: false } },
      { last_run_at: datetimeJson(lastRun), total_run_count: 42 },
      (lastRun + 30_000) / 1000,
    );
    await save(
      "weekday-report",
      { task: "app.report", args: [], kwargs: { fmt: "pdf" }, options: {}, enabled: true, schedule: { __type__: "crontab", minute: "30", hour: "6", day_of_week: "mon-fri", day_of_month: "*", month_of_year: "*" } },
      { last_run_at: null },
      NOW / 1000 + 3600,
    );
    await save("paused", { task: "app.paused", args: [], kwargs: {}, options: {}, enabled: false, schedule: { __type__: "interval", every: 60, relative: false } }, null, -1);
    await getPrisma().task.create({
      data: { uuid: "hb-1", name: "app.heartbeat", state: "SUCCESS", args: "('ping',)", kwargs: "{}", argsJson: ["ping"], kwargsJson: {}, sentAt: new Date(lastRun + 3), receivedAt: new Date(lastRun + 10), runtime: 0.01 },
    });
  });

  afterAll(async () => {
    await redis?.flushdb();
    redis?.disconnect();
    await getPrisma().$disconnect();
    await drop?.();
  });

  it("lists the entries with schedule, enabled flag, last run and due time", async () => {
    const overview = await getBeatOverview(NOW, settings);
    expect(overview.sources.find((source) => source.source === "redbeat")).toMatchObject({ configured: true, error: null, entries: 3 });
    const byName = new Map(overview.entries.map((entry) => [entry.name, entry]));
    expect(byName.get("heartbeat")).toMatchObject({
      id: "redbeat:heartbeat", task: "app.heartbeat", scheduleText: "every 30 s", args: ["ping"], options: { queue: "fast" },
      totalRunCount: 42, sourceLastRunAt: lastRun, nextRunAt: lastRun + 30_000, verdict: "ok", lastRun: { taskId: "hb-1" },
    });
    expect(byName.get("weekday-report")).toMatchObject({ scheduleText: "at 06:30 on weekdays", verdict: "never-run", canToggle: false });
    expect(byName.get("paused")).toMatchObject({ enabled: false, verdict: "disabled", nextRunAt: null });
  });

  it("says the heartbeat is missing once its due time and grace have passed with no run", async () => {
    const later = NOW + 60_000;
    const detail = await getBeatEntryDetail("redbeat:heartbeat", later, settings);
    expect(detail?.view).toMatchObject({ verdict: "missing", missingSince: lastRun + 3 + 30_000 });
    expect(detail?.view.missed).toBe(2);
  });
});
