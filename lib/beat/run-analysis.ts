import { calendarRuns, nextCalendarRun, nextIntervalRun, type Schedule } from "@/lib/celery/schedules";

/** A task Bloom stored that beat sent for an entry (or the source's own last-run record). */
export type ObservedRun = {
  /** null for a run known only from the source's last_run_at (no task row) */
  taskId: string | null;
  /** when it was sent: task-sent's time, else received, else first seen */
  at: number;
  state: string | null;
  /** seconds */
  runtime: number | null;
};

/**
 * on-time / late: an expected run matched by a task; missed: an expected run with no task in
 * its window; extra: a task outside every window (run now, a catch-up after beat restarted);
 * first: the oldest run in view, which no earlier run predicts.
 */
export type RunStatus = "first" | "on-time" | "late" | "missed" | "extra";

export type HistoryItem = { expectedAt: number | null; status: RunStatus; delayMs: number | null; run: ObservedRun | null };

export type Tolerances = {
  /** a run this much before its time still counts as that run */
  earlyMs: number;
  /** later than this is "late" */
  lateMs: number;
  /** nothing by this long after the expected time: "missed" */
  graceMs: number;
};

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/**
 * Windows scale with the gap between runs and never overlap the next run's window: a run
 * every 5 s is missed after 2.5 s and late after 1 s; a nightly job is late after 5 min and
 * missed after 30 min.
 */
export function tolerancesFor(periodMs: number): Tolerances {
  return {
    earlyMs: Math.min(periodMs * 0.1, 60_000),
    lateMs: clamp(periodMs * 0.1, 1_000, 5 * 60_000),
    graceMs: Math.min(clamp(periodMs * 0.5, 2_000, 30 * 60_000), periodMs * 0.8),
  };
}

/** Tolerances of a one-off run (clocked), which has no period to scale with. */
const ONE_OFF_PERIOD_MS = 10 * 60_000;

/** ok: the last expected run happened; late: it happened late; missing: it did not; never-run: no run seen to judge from. */
export type EntryVerdict = "ok" | "late" | "missing" | "never-run" | "disabled" | "unknown";

export type RunAnalysis = {
  /** oldest first, the newest `historyLimit` items */
  history: HistoryItem[];
  missed: number;
  late: number;
  onTime: number;
  extra: number;
  lastRun: ObservedRun | null;
  verdict: EntryVerdict;
  /** first expected run of the current streak of misses */
  missingSince: number | null;
};

export type AnalyzeInput = {
  schedule: Schedule;
  timeZone: string;
  enabled: boolean;
  /** the entry's runs in the window, any order */
  runs: readonly ObservedRun[];
  nowMs: number;
  historyLimit?: number;
};

/** Bounds the work for a fast entry watched over a long window (every second for a day). */
const MAX_EXPECTED = 20_000;

/**
 * Lines the runs Bloom saw up with the runs the schedule predicts. Nothing before the oldest
 * seen run is judged: Bloom cannot tell "beat was not running yet" from "beat missed it".
 *
 * Interval entries count from their previous run (celery.beat: last_run_at + run_every), so
 * each matched run re-anchors the chain; after a streak of misses the next run re-anchors it
 * too (beat restarted and caught up). Calendar entries (crontab, solar, clocked) have fixed
 * times: each time takes the first run inside its window.
 */
export function analyzeRuns(input: AnalyzeInput): RunAnalysis {
  const runs = [...input.runs].sort((a, b) => a.at - b.at);
  const history: HistoryItem[] = [];
  const first = runs[0];
  if (first) {
    history.push({ expectedAt: null, status: "first", delayMs: null, run: first });
    if (input.schedule.kind === "interval") walkInterval(input, runs, history);
    else if (input.schedule.kind !== "unknown") walkCalendar(input, runs, history);
    else for (const run of runs.slice(1)) history.push({ expectedAt: null, status: "extra", delayMs: null, run });
  }
  const counts = { missed: 0, late: 0, onTime: 0, extra: 0 };
  for (const item of history) {
    if (item.status === "missed") counts.missed++;
    else if (item.status === "late") counts.late++;
    else if (item.status === "on-time") counts.onTime++;
    else if (item.status === "extra") counts.extra++;
  }
  const judged = history.filter((item) => item.expectedAt !== null);
  const last = judged.at(-1);
  let missingSince: number | null = null;
  for (let i = judged.length - 1; i >= 0 && judged[i]?.status === "missed"; i--) missingSince = judged[i]?.expectedAt ?? null;
  // a run after the streak (a catch-up) ends it
  const lastRun = runs.at(-1) ?? null;
  if (missingSince !== null && lastRun && lastRun.at > missingSince) missingSince = null;
  const verdict: EntryVerdict = !input.enabled
    ? "disabled"
    : input.schedule.kind === "unknown"
      ? "unknown"
      : !first
        ? "never-run"
        : missingSince !== null
          ? "missing"
          : last?.status === "late"
            ? "late"
            : "ok";
  const limit = input.historyLimit ?? 500;
  return { history: history.slice(-limit), ...counts, lastRun, verdict, missingSince };
}

function walkInterval(input: AnalyzeInput, runs: readonly ObservedRun[], history: HistoryItem[]): void {
  if (input.schedule.kind !== "interval" || input.schedule.seconds <= 0) return;
  const schedule = input.schedule;
  const period = schedule.seconds * 1000;
  const tol = tolerancesFor(period);
  const next = (from: number) => nextIntervalRun(schedule, from, input.timeZone);
  let expected = next(runs[0]?.at ?? 0);
  let j = 1;
  let inMissStreak = false;
  for (let steps = 0; steps < MAX_EXPECTED; steps++) {
    const run = runs[j];
    if (run && run.at < expected - tol.earlyMs) {
      history.push({ expectedAt: null, status: "extra", delayMs: null, run });
      j++;
      if (inMissStreak) {
        expected = next(run.at);
        inMissStreak = false;
      }
      continue;
    }
    if (run && run.at <= expected + tol.graceMs) {
      const delayMs = run.at - expected;
      history.push({ expectedAt: expected, status: delayMs > tol.lateMs ? "late" : "on-time", delayMs, run });
      j++;
      expected = next(run.at);
      inMissStreak = false;
      continue;
    }
    if (expected + tol.graceMs > input.nowMs) break; // not due yet, or still inside its window
    history.push({ expectedAt: expected, status: "missed", delayMs: null, run: null });
    inMissStreak = true;
    expected += period;
  }
}

function walkCalendar(input: AnalyzeInput, runs: readonly ObservedRun[], history: HistoryItem[]): void {
  const firstAt = runs[0]?.at ?? 0;
  const slack = input.schedule.kind === "clocked" ? ONE_OFF_PERIOD_MS : 60 * 60_000;
  // Expected times from just before the first run (it may itself be one, a little late).
  const expected = calendarRuns(input.schedule, firstAt - Math.min(slack, 30 * 60_000), input.timeZone, MAX_EXPECTED, input.nowMs);
  let j = 1;
  // the first run may itself be an expected one: let it match
  let pendingFirst: ObservedRun | null = runs[0] ?? null;
  const firstItem = history.pop();
  for (const at of expected) {
    const gap = (nextCalendarRun(input.schedule, at, input.timeZone) ?? at + ONE_OFF_PERIOD_MS) - at;
    const tol = tolerancesFor(gap);
    if (pendingFirst && pendingFirst.at < at - tol.earlyMs) {
      history.push(firstItem ?? { expectedAt: null, status: "first", delayMs: null, run: pendingFirst });
      pendingFirst = null;
    }
    if (pendingFirst && pendingFirst.at <= at + tol.graceMs) {
      const delayMs = pendingFirst.at - at;
      history.push({ expectedAt: at, status: delayMs > tol.lateMs ? "late" : "on-time", delayMs, run: pendingFirst });
      pendingFirst = null;
      continue;
    }
    if (pendingFirst) continue; // expected times before the first run are not judged
    while (runs[j] && (runs[j]?.at ?? 0) < at - tol.earlyMs) {
      history.push({ expectedAt: null, status: "extra", delayMs: null, run: runs[j] ?? null });
      j++;
    }
    const run = runs[j];
    if (run && run.at <= at + tol.graceMs) {
      const delayMs = run.at - at;
      history.push({ expectedAt: at, status: delayMs > tol.lateMs ? "late" : "on-time", delayMs, run });
      j++;
      continue;
    }
    if (at + tol.graceMs > input.nowMs) break;
    history.push({ expectedAt: at, status: "missed", delayMs: null, run: null });
  }
  if (pendingFirst) history.push(firstItem ?? { expectedAt: null, status: "first", delayMs: null, run: pendingFirst });
  for (; j < runs.length; j++) history.push({ expectedAt: null, status: "extra", delayMs: null, run: runs[j] ?? null });
}
