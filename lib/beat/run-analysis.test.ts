import { describe, expect, it } from "vitest";
import { crontab, type Schedule } from "@/lib/celery/schedules";
import { analyzeRuns, tolerancesFor, type ObservedRun } from "./run-analysis";

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const s = (seconds: number) => seconds * 1000;
const run = (at: number, id = `t-${at}`): ObservedRun => ({ taskId: id, at, state: "SUCCESS", runtime: 0.01 });
const every5: Schedule = { kind: "interval", seconds: 5, relative: false };
const statuses = (items: { status: string }[]) => items.map((item) => item.status);

describe("run analysis: interval entries (chain from the previous run)", () => {
  it("matches a steady beat: every run on time, nothing missed", () => {
    const runs = [0, 5, 10, 15, 20].map((k) => run(T0 + s(k) + 20));
    const result = analyzeRuns({ schedule: every5, timeZone: "UTC", enabled: true, runs, nowMs: T0 + s(22) });
    expect(statuses(result.history)).toEqual(["first", "on-time", "on-time", "on-time", "on-time"]);
    expect(result).toMatchObject({ missed: 0, late: 0, verdict: "ok", missingSince: null });
  });

  it("marks runs after the late threshold late, and missed ones after the grace window", () => {
    // 5 s interval: late after 1 s, missed after 2.5 s
    const runs = [run(T0), run(T0 + s(5) + 1_500), run(T0 + s(30))];
    const result = analyzeRuns({ schedule: every5, timeZone: "UTC", enabled: true, runs, nowMs: T0 + s(31) });
    // after the late run at 6.5 s: 11.5, 16.5, 21.5, 26.5 missed; the run at 30 s is beat
    // catching up (extra), and since it ran the entry reads as ok again
    expect(statuses(result.history)).toEqual(["first", "late", "missed", "missed", "missed", "missed", "extra"]);
    expect(result.missed).toBe(4);
    expect(result.late).toBe(1);
    expect(result.verdict).toBe("ok");
    const stillLate = analyzeRuns({ schedule: every5, timeZone: "UTC", enabled: true, runs: runs.slice(0, 2), nowMs: T0 + s(8) });
    expect(stillLate.verdict).toBe("late");
  });

  it("says a beat that stopped is missing since its first missed run", () => {
    const runs = [0, 5, 10].map((k) => run(T0 + s(k)));
    const result = analyzeRuns({ schedule: every5, timeZone: "UTC", enabled: true, runs, nowMs: T0 + s(40) });
    expect(result.verdict).toBe("missing");
    expect(result.missingSince).toBe(T0 + s(15));
    // 15, 20, 25, 30, 35 are past their grace; 40 is not yet
    expect(result.missed).toBe(5);
  });

  it("does not judge the run that is due but still inside its window", () => {
    const result = analyzeRuns({ schedule: every5, timeZone: "UTC", enabled: true, runs: [run(T0)], nowMs: T0 + s(6) });
    expect(result).toMatchObject({ missed: 0, verdict: "ok" });
  });

  it("counts a manual run between two beat runs as extra without shifting the chain", () => {
    const runs = [run(T0), run(T0 + s(2)), run(T0 + s(5)), run(T0 + s(10))];
    const result = analyzeRuns({ schedule: every5, timeZone: "UTC", enabled: true, runs, nowMs: T0 + s(11) });
    expect(statuses(result.history)).toEqual(["first", "extra", "on-time", "on-time"]);
  });

  it("says never-run without runs, and disabled for disabled entries", () => {
    expect(analyzeRuns({ schedule: every5, timeZone: "UTC", enabled: true, runs: [], nowMs: T0 }).verdict).toBe("never-run");
    expect(analyzeRuns({ schedule: every5, timeZone: "UTC", enabled: false, runs: [run(T0)], nowMs: T0 + s(60) }).verdict).toBe("disabled");
  });
});

describe("run analysis: crontab entries (fixed times)", () => {
  const everyMinute = crontab({ minute: "*" });

  it("matches each minute's run and misses the minutes with none", () => {
    const runs = [run(T0 + 30), run(T0 + s(60) + 40), run(T0 + s(180) + 10)];
    const result = analyzeRuns({ schedule: everyMinute, timeZone: "UTC", enabled: true, runs, nowMs: T0 + s(185) });
    expect(result.history.map((item) => [item.status, item.expectedAt === null ? null : (item.expectedAt - T0) / 1000])).toEqual([
      ["on-time", 0],
      ["on-time", 60],
      ["missed", 120],
      ["on-time", 180],
    ]);
    expect(result.verdict).toBe("ok");
  });

  it("calls a catch-up run after beat restarted extra and keeps the misses", () => {
    // nightly at 02:00; ran day 1, nothing day 2, a run at 09:13 day 2 (beat restarted), ran day 3
    const nightly = crontab({ minute: 0, hour: 2 });
    const day = 86_400_000;
    const d1 = Date.UTC(2026, 10, 1, 2, 0, 1);
    const runs = [run(d1), run(d1 + day + 7 * 3_600_000 + 13 * 60_000), run(d1 + 2 * day)];
    const result = analyzeRuns({ schedule: nightly, timeZone: "UTC", enabled: true, runs, nowMs: d1 + 2 * day + 1000 });
    expect(statuses(result.history)).toEqual(["on-time", "missed", "extra", "on-time"]);
  });

  it("judges nothing before the first run Bloom saw", () => {
    const result = analyzeRuns({ schedule: everyMinute, timeZone: "UTC", enabled: true, runs: [run(T0 + s(600) + 100)], nowMs: T0 + s(610) });
    expect(result.missed).toBe(0);
    expect(statuses(result.history)).toEqual(["on-time"]);
  });

  it("follows the schedule's clock: 09:00 Paris across the autumn DST change", () => {
    const nine = crontab({ minute: 0, hour: 9 });
    const runs = [Date.parse("2024-10-26T07:00:00Z"), Date.parse("2024-10-27T08:00:00Z"), Date.parse("2024-10-28T08:00:00Z")].map((t) => run(t + 500));
    const result = analyzeRuns({ schedule: nine, timeZone: "Europe/Paris", enabled: true, runs, nowMs: Date.parse("2024-10-28T09:00:00Z") });
    expect(statuses(result.history)).toEqual(["on-time", "on-time", "on-time"]);
    const utcResult = analyzeRuns({ schedule: nine, timeZone: "UTC", enabled: true, runs, nowMs: Date.parse("2024-10-28T09:00:00Z") });
    expect(utcResult.missed).toBeGreaterThan(0);
  });
});

describe("tolerances", () => {
  it("scale with the period and keep windows apart", () => {
    expect(tolerancesFor(5_000)).toEqual({ earlyMs: 500, lateMs: 1_000, graceMs: 2_500 });
    expect(tolerancesFor(1_000)).toEqual({ earlyMs: 100, lateMs: 1_000, graceMs: 800 });
    expect(tolerancesFor(86_400_000)).toEqual({ earlyMs: 60_000, lateMs: 300_000, graceMs: 1_800_000 });
    for (const period of [1_000, 2_000, 60_000, 3_600_000]) {
      const t = tolerancesFor(period);
      expect(t.graceMs + t.earlyMs).toBeLessThan(period);
    }
  });
});
