import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { summarizeBeatHealth } from "./beat-health";
import { entriesFromConfs, appTimeZone } from "./conf-entries";
import { djangoRow, entryFromDjangoRow } from "./django-entries";
import { matchesEntryArguments, runTime } from "./entry-runs";
import { decodeRedBeatDatetime, entryFromRedBeat } from "./redbeat-entries";

const sample = JSON.parse(readFileSync(new URL("../celery/__fixtures__/control/cli-inspect-conf.json", import.meta.url), "utf8")) as Record<string, Record<string, never>>;

describe("entries from workers' inspect conf", () => {
  it("reads the captured beat_schedule: interval and crontab entries with args and kwargs", () => {
    const confs = Object.entries(sample).map(([hostname, conf]) => ({ hostname, conf }));
    const entries = entriesFromConfs(confs);
    expect(entries.map((e) => [e.id, e.task, e.schedule.kind])).toEqual([
      ["conf:add-every-10s", "celery_app.app.add", "interval"],
      ["conf:sleep-every-minute", "celery_app.app.sleep", "crontab"],
      ["conf:fail-every-5-min", "celery_app.app.fail", "crontab"],
    ]);
    expect(entries[0]).toMatchObject({ args: [2, 3], kwargs: {}, timeZone: "UTC", reportedBy: ["w1@vm"] });
    expect(entries[2]).toMatchObject({ args: [], kwargs: { msg: "scheduled failure" } });
  });

  it("merges the same schedule reported by several workers", () => {
    const conf = Object.values(sample)[0] ?? {};
    const entries = entriesFromConfs([
      { hostname: "w1@a", conf },
      { hostname: "w2@b", conf },
    ]);
    expect(entries).toHaveLength(3);
    expect(entries[0]?.reportedBy).toEqual(["w1@a", "w2@b"]);
  });

  it("uses Celery's zone rules: timezone, else UTC, else the unknown local zone", () => {
    expect(appTimeZone({ timezone: "Europe/Paris" })).toEqual({ timeZone: "Europe/Paris", note: null });
    expect(appTimeZone({})).toEqual({ timeZone: "UTC", note: null });
    expect(appTimeZone({ enable_utc: false })).toMatchObject({ timeZone: "UTC", note: expect.stringContaining("local time") });
  });
});

describe("entries from django-celery-beat rows", () => {
  const base = {
    id: 7, name: "nightly", task: "app.cleanup", args: "[1]", kwargs: '{"dry": false}', queue: "io", exchange: null, routing_key: null,
    headers: "{}", priority: null, expires: null, expire_seconds: 60, one_off: false, start_time: null, enabled: true,
    last_run_at: new Date("2026-11-24T02:00:00Z"), total_run_count: 12, description: "",
    every: null, period: null, minute: null, hour: null, day_of_week: null, day_of_month: null, month_of_year: null, timezone: null,
    event: null, latitude: null, longitude: null, clocked_time: null,
  };
  const zone = { timeZone: "UTC", note: null };

  it("builds a crontab on the row's own timezone, with the options ModelEntry adds", () => {
    const row = djangoRow.parse({ ...base, minute: "0", hour: "2", day_of_week: "*", day_of_month: "*", month_of_year: "*", timezone: "Europe/Paris" });
    const entry = entryFromDjangoRow(row, zone, "beatdb");
    expect(entry).toMatchObject({ id: "django:nightly", djangoId: 7, timeZone: "Europe/Paris", args: [1], kwargs: { dry: false }, totalRunCount: 12 });
    expect(entry.options).toEqual({ queue: "io", expires: 60, headers: { periodic_task_name: "nightly" } });
    expect(entry.schedule).toMatchObject({ kind: "crontab", minutes: [0], hours: [2] });
  });

  it("reads interval, solar and clocked rows", () => {
    expect(entryFromDjangoRow(djangoRow.parse({ ...base, every: 10, period: "minutes" }), zone, "db").schedule).toEqual({ kind: "interval", seconds: 600, relative: false });
    expect(entryFromDjangoRow(djangoRow.parse({ ...base, event: "sunset", latitude: "48.856600", longitude: "2.352200" }), zone, "db").schedule).toEqual({
      kind: "solar", event: "sunset", latitude: 48.8566, longitude: 2.3522,
    });
    const at = new Date("2026-12-01T10:00:00Z");
    expect(entryFromDjangoRow(djangoRow.parse({ ...base, clocked_time: at, one_off: true }), zone, "db").schedule).toEqual({ kind: "clocked", at: at.getTime() });
  });
});

describe("entries from RedBeat keys", () => {
  const zone = { timeZone: "UTC", note: null };
  it("decodes the definition, meta and sorted-set score RedBeat writes", () => {
    const definition = JSON.stringify({
      name: "report", task: "app.report", args: [], kwargs: { fmt: "pdf" }, options: { queue: "reports" }, enabled: true,
      schedule: { __type__: "crontab", minute: "30", hour: "6", day_of_week: "mon-fri", day_of_month: "*", month_of_year: "*" },
    });
    const meta = JSON.stringify({ last_run_at: { __type__: "datetime", year: 2026, month: 11, day: 24, hour: 6, minute: 30, second: 0, microsecond: 250000, timezone: "UTC" }, total_run_count: 3 });
    const entry = entryFromRedBeat({ key: "redbeat:report", definition, meta, score: Date.parse("2026-11-25T06:30:00Z") / 1000 }, "redbeat:", zone, "redis");
    expect(entry).toMatchObject({ id: "redbeat:report", task: "app.report", kwargs: { fmt: "pdf" }, totalRunCount: 3, enabled: true });
    expect(entry?.lastRunAt).toBe(Date.parse("2026-11-24T06:30:00.250Z"));
    expect(entry?.dueAt).toBe(Date.parse("2026-11-25T06:30:00Z"));
    expect(entry?.schedule).toMatchObject({ kind: "crontab", daysOfWeek: [1, 2, 3, 4, 5] });
  });

  it("decodes intervals, zone names and offsets in seconds, and skips keys without a definition", () => {
    const definition = JSON.stringify({ name: "tick", task: "app.tick", schedule: { __type__: "interval", every: 30.0, relative: false }, enabled: false });
    expect(entryFromRedBeat({ key: "redbeat:tick", definition, meta: null, score: -1 }, "redbeat:", zone, "r")).toMatchObject({
      schedule: { kind: "interval", seconds: 30 }, enabled: false, lastRunAt: null, dueAt: null,
    });
    expect(entryFromRedBeat({ key: "redbeat:x", definition: null, meta: null, score: null }, "redbeat:", zone, "r")).toBeNull();
    const paris = { __type__: "datetime" as const, year: 2026, month: 7, day: 1, hour: 9, minute: 0, second: 0, microsecond: 0, timezone: "Europe/Paris" };
    expect(new Date(decodeRedBeatDatetime(paris)).toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(new Date(decodeRedBeatDatetime({ ...paris, timezone: 3600 })).toISOString()).toBe("2026-07-01T08:00:00.000Z");
  });
});

describe("matching tasks to entries", () => {
  it("compares arguments as values, kwargs in any key order", () => {
    const entry = { args: [2, 2], kwargs: { a: 1, b: [1, 2] } };
    expect(matchesEntryArguments(entry, { argsJson: [2, 2], kwargsJson: { b: [1, 2], a: 1 } })).toBe(true);
    expect(matchesEntryArguments(entry, { argsJson: [2, 3], kwargsJson: { a: 1, b: [1, 2] } })).toBe(false);
    expect(matchesEntryArguments(entry, { argsJson: null, kwargsJson: null })).toBe(true);
  });

  it("times a run by task-sent, else received, else first seen", () => {
    const seen = new Date(3000);
    expect(runTime({ sentAt: new Date(1000), receivedAt: new Date(2000), firstSeenAt: seen })).toBe(1000);
    expect(runTime({ sentAt: null, receivedAt: new Date(2000), firstSeenAt: seen })).toBe(2000);
    expect(runTime({ sentAt: null, receivedAt: null, firstSeenAt: seen })).toBe(3000);
  });
});

describe("beat health", () => {
  const e = (verdict: "ok" | "missing" | "never-run" | "disabled", lastRunAt: number | null = 1) => ({ verdict, lastRunAt });
  it("is critical when every entry seen running stopped, a warning when some did", () => {
    expect(summarizeBeatHealth([e("missing"), e("missing"), e("never-run", null), e("disabled")])).toMatchObject({ tone: "critical", state: "stopped" });
    expect(summarizeBeatHealth([e("missing"), e("ok")])).toMatchObject({ tone: "warning", missing: 1, judged: 2 });
    expect(summarizeBeatHealth([e("ok"), e("ok", 5)])).toMatchObject({ tone: "healthy", lastRunAt: 5 });
    expect(summarizeBeatHealth([e("never-run", null)])).toMatchObject({ tone: null, state: "not-seen" });
    expect(summarizeBeatHealth([])).toMatchObject({ tone: null, state: "none" });
  });
});
