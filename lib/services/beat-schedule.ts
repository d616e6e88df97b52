import { SOURCE_LABELS, type BeatEntry, type BeatSource } from "@/lib/beat/beat-entry";
import { summarizeBeatHealth, type BeatHealthSummary } from "@/lib/beat/beat-health";
import { entriesFromConfs, reportedAppTimeZone, type WorkerConf } from "@/lib/beat/conf-entries";
import { djangoRow, entryFromDjangoRow } from "@/lib/beat/django-entries";
import { observedRuns } from "@/lib/beat/entry-runs";
import { entryFromRedBeat } from "@/lib/beat/redbeat-entries";
import { analyzeRuns, tolerancesFor, type EntryVerdict, type HistoryItem, type ObservedRun, type Tolerances } from "@/lib/beat/run-analysis";
import type { JsonValue } from "@/lib/celery/json-value";
import { crontabSpecText, describeSchedule, typicalPeriodMs, upcomingRuns, type Schedule } from "@/lib/celery/schedules";
import { loadSettings, type Settings } from "@/lib/config/settings";
import { listDjangoPeriodicTasks } from "@/lib/repositories/beat-django-celery-beat";
import { readRedBeatRecords } from "@/lib/repositories/beat-redbeat";
import { listTaskRunsByName } from "@/lib/repositories/beat-task-runs";
import { listWorkerConfs } from "@/lib/repositories/beat-worker-confs";
import { maskUrlCredentials } from "@/lib/security/mask-secrets";
import { readWorkerConf } from "@/lib/workers/inspect-snapshots";

export type BeatSettings = Pick<Settings, "beatDatabaseUrl" | "redbeatUrl" | "redbeatKeyPrefix">;

export type BeatSourceStatus = {
  source: BeatSource;
  label: string;
  configured: boolean;
  /** null when it was read, else why not */
  error: string | null;
  entries: number;
  /** where it was read from (workers, masked URL) */
  detail: string;
};

/** Tasks looked at per entry: enough for a 5 s entry over its window. */
const RUNS_LIMIT = 2_000;
const MIN_WINDOW_MS = 15 * 60_000;
/** Bloom's default retention keeps 30 days of tasks */
const MAX_WINDOW_MS = 31 * 86_400_000;
const UNKNOWN_PERIOD_WINDOW_MS = 86_400_000;

/** History is judged over about 100 periods: 15 min for a 5 s entry, 100 min for a minutely one, a month for a daily one. */
export function historyWindowMs(periodMs: number | null): number {
  if (periodMs === null) return UNKNOWN_PERIOD_WINDOW_MS;
  return Math.min(Math.max(periodMs * 100, MIN_WINDOW_MS), MAX_WINDOW_MS);
}

async function confEntries(): Promise<{ entries: BeatEntry[]; confs: WorkerConf[]; status: BeatSourceStatus }> {
  const rows = await listWorkerConfs();
  const confs: WorkerConf[] = [];
  for (const row of rows) {
    const conf = readWorkerConf(row.conf, row.hostname);
    if (conf) confs.push({ hostname: row.hostname, conf });
  }
  const entries = entriesFromConfs(confs);
  const reporting = new Set(entries.flatMap((entry) => entry.reportedBy)).size;
  return {
    entries,
    confs,
    status: { source: "conf", label: SOURCE_LABELS.conf, configured: true, error: null, entries: entries.length, detail: `${confs.length} worker conf(s) read, ${reporting} with a beat_schedule` },
  };
}

async function djangoEntries(settings: BeatSettings, appZone: { timeZone: string; note: string | null }): Promise<{ entries: BeatEntry[]; status: BeatSourceStatus }> {
  const url = settings.beatDatabaseUrl;
  const status = { source: "django" as const, label: SOURCE_LABELS.django, configured: url !== undefined, detail: url ? maskUrlCredentials(url) : "BLOOM_BEAT_DATABASE_URL is not set" };
  if (!url) return { entries: [], status: { ...status, error: null, entries: 0 } };
  try {
    const database = new URL(url).pathname.replace(/^\//, "") || "database";
    const entries = (await listDjangoPeriodicTasks(url)).flatMap((raw) => {
      const row = djangoRow.safeParse(raw);
      return row.success ? [entryFromDjangoRow(row.data, appZone, database)] : [];
    });
    return { entries, status: { ...status, error: null, entries: entries.length } };
  } catch (error) {
    return { entries: [], status: { ...status, error: describe(error), entries: 0 } };
  }
}

async function redbeatEntries(settings: BeatSettings, appZone: { timeZone: string; note: string | null }): Promise<{ entries: BeatEntry[]; status: BeatSourceStatus }> {
  const url = settings.redbeatUrl;
  const status = { source: "redbeat" as const, label: SOURCE_LABELS.redbeat, configured: url !== undefined, detail: url ? `${maskUrlCredentials(url)} (${settings.redbeatKeyPrefix}*)` : "BLOOM_REDBEAT_URL is not set" };
  if (!url) return { entries: [], status: { ...status, error: null, entries: 0 } };
  try {
    const records = await readRedBeatRecords(url, settings.redbeatKeyPrefix);
    const entries = records.flatMap((record) => entryFromRedBeat(record, settings.redbeatKeyPrefix, appZone, maskUrlCredentials(url)) ?? []);
    return { entries, status: { ...status, error: null, entries: entries.length } };
  } catch (error) {
    return { entries: [], status: { ...status, error: describe(error), entries: 0 } };
  }
}

function describe(error: unknown): string {
  return maskUrlCredentials(error instanceof Error ? error.message : String(error));
}

export type LoadedEntries = { entries: (BeatEntry & { alsoIn: BeatSource[] })[]; sources: BeatSourceStatus[] };

/**
 * Every entry from every configured source. django-celery-beat's DatabaseScheduler and
 * RedBeat copy the app's static `beat_schedule` into their own store at start-up, so an
 * entry of the same name and task in a store and in the workers' conf is one entry: the
 * store's copy is what beat runs (it has the enabled flag and last run), and the row notes
 * that the conf has it too.
 */
export async function loadBeatEntries(settings: BeatSettings = loadSettings()): Promise<LoadedEntries> {
  const conf = await confEntries();
  const appZone = reportedAppTimeZone(conf.confs);
  const [django, redbeat] = await Promise.all([djangoEntries(settings, appZone), redbeatEntries(settings, appZone)]);
  const merged = new Map<string, BeatEntry & { alsoIn: BeatSource[] }>();
  for (const entry of [...django.entries, ...redbeat.entries, ...conf.entries]) {
    const same = merged.get(entry.name);
    if (same && same.task === entry.task) {
      if (!same.alsoIn.includes(entry.source) && same.source !== entry.source) same.alsoIn.push(entry.source);
      continue;
    }
    // a different task under a taken name: keep both, told apart by the id's source
    merged.set(same ? entry.id : entry.name, { ...entry, alsoIn: [] });
  }
  const entries = [...merged.values()].sort((a, b) => a.name.localeCompare(b.name) || a.source.localeCompare(b.source));
  return { entries, sources: [conf.status, django.status, redbeat.status] };
}

export type LastRunView = { taskId: string | null; at: number; state: string | null; runtime: number | null };

/** One entry as the table shows it: plain JSON, ready for client components. */
export type BeatEntryView = {
  id: string;
  source: BeatSource;
  sourceLabel: string;
  alsoIn: BeatSource[];
  name: string;
  task: string;
  scheduleKind: Schedule["kind"];
  /** "every 10 s", "at 02:00 every day" */
  scheduleText: string;
  /** the exact spec: the crontab fields, the interval in seconds */
  scheduleSpec: string;
  timeZone: string;
  timeZoneNote: string | null;
  enabled: boolean;
  args: JsonValue[];
  kwargs: Record<string, JsonValue>;
  options: Record<string, JsonValue>;
  description: string | null;
  nextRunAt: number | null;
  lastRun: LastRunView | null;
  /** the source's own last-run record (django-celery-beat, RedBeat) */
  sourceLastRunAt: number | null;
  totalRunCount: number | null;
  missed: number;
  late: number;
  verdict: EntryVerdict;
  missingSince: number | null;
  reportedBy: string[];
  /** only django-celery-beat entries can be enabled/disabled from Bloom */
  canToggle: boolean;
  oneOff: boolean;
};

export type BeatEntryAnalysis = {
  view: BeatEntryView;
  history: HistoryItem[];
  nextRuns: number[];
  windowStart: number;
  tolerances: Tolerances | null;
};

function specOf(schedule: Schedule): string {
  switch (schedule.kind) {
    case "interval":
      return `${schedule.seconds} s${schedule.relative ? ", relative" : ""}`;
    case "crontab":
      return crontabSpecText(schedule);
    case "solar":
      return `solar ${schedule.event} ${schedule.latitude}, ${schedule.longitude}`;
    case "clocked":
      return new Date(schedule.at).toISOString();
    case "unknown":
      return schedule.text;
  }
}

/** Runs, history and next runs of one entry, from the tasks Bloom stored. */
export async function analyzeEntry(entry: BeatEntry & { alsoIn: BeatSource[] }, nowMs: number, options: { nextCount?: number; historyLimit?: number } = {}): Promise<BeatEntryAnalysis> {
  const period = typicalPeriodMs(entry.schedule, nowMs, entry.timeZone);
  const windowStart = nowMs - historyWindowMs(period);
  const tasks = await listTaskRunsByName(entry.task, new Date(windowStart), RUNS_LIMIT);
  const runs: ObservedRun[] = observedRuns(entry, tasks);
  // The source's own record of a run Bloom has no task for (events were off, tasks purged).
  if (entry.lastRunAt !== null && entry.lastRunAt >= windowStart) {
    const slack = period === null ? 60_000 : tolerancesFor(period).graceMs;
    if (!runs.some((run) => Math.abs(run.at - (entry.lastRunAt ?? 0)) <= slack)) runs.push({ taskId: null, at: entry.lastRunAt, state: null, runtime: null });
  }
  const analysis = analyzeRuns({ schedule: entry.schedule, timeZone: entry.timeZone, enabled: entry.enabled, runs, nowMs, historyLimit: options.historyLimit ?? 300 });
  const lastRunMs = Math.max(analysis.lastRun?.at ?? Number.NEGATIVE_INFINITY, entry.lastRunAt ?? Number.NEGATIVE_INFINITY);
  let nextRuns = entry.enabled ? upcomingRuns(entry.schedule, { nowMs, lastRunMs: Number.isFinite(lastRunMs) ? lastRunMs : null, timeZone: entry.timeZone, count: options.nextCount ?? 1 }) : [];
  // RedBeat keeps the due time itself: trust it for the first run
  if (entry.dueAt !== null && entry.enabled && entry.schedule.kind === "interval") nextRuns = [Math.max(entry.dueAt, nowMs), ...nextRuns.slice(1)];
  const view: BeatEntryView = {
    id: entry.id,
    source: entry.source,
    sourceLabel: SOURCE_LABELS[entry.source],
    alsoIn: entry.alsoIn,
    name: entry.name,
    task: entry.task,
    scheduleKind: entry.schedule.kind,
    scheduleText: describeSchedule(entry.schedule),
    scheduleSpec: specOf(entry.schedule),
    timeZone: entry.timeZone,
    timeZoneNote: entry.timeZoneNote,
    enabled: entry.enabled,
    args: entry.args,
    kwargs: entry.kwargs,
    options: entry.options,
    description: entry.description,
    nextRunAt: nextRuns[0] ?? null,
    lastRun: analysis.lastRun,
    sourceLastRunAt: entry.lastRunAt,
    totalRunCount: entry.totalRunCount,
    missed: analysis.missed,
    late: analysis.late,
    verdict: analysis.verdict,
    missingSince: analysis.missingSince,
    reportedBy: entry.reportedBy,
    canToggle: entry.source === "django" && entry.djangoId !== null,
    oneOff: entry.oneOff,
  };
  return { view, history: analysis.history, nextRuns, windowStart, tolerances: period === null ? null : tolerancesFor(period) };
}

export type BeatOverview = {
  generatedAt: number;
  entries: BeatEntryView[];
  sources: BeatSourceStatus[];
  health: BeatHealthSummary;
};

export async function getBeatOverview(nowMs = Date.now(), settings?: BeatSettings): Promise<BeatOverview> {
  const { entries, sources } = await loadBeatEntries(settings);
  const analyses = await Promise.all(entries.map((entry) => analyzeEntry(entry, nowMs, { historyLimit: 1 })));
  const views = analyses.map((analysis) => analysis.view);
  return {
    generatedAt: nowMs,
    entries: views,
    sources,
    health: summarizeBeatHealth(views.map((view) => ({ verdict: view.verdict, lastRunAt: view.lastRun?.at ?? null }))),
  };
}

export type BeatEntryDetail = BeatEntryAnalysis & { generatedAt: number };

/** One entry with its run history and next runs; null when no source has it. */
export async function getBeatEntryDetail(id: string, nowMs = Date.now(), settings?: BeatSettings): Promise<BeatEntryDetail | null> {
  const { entries } = await loadBeatEntries(settings);
  const entry = entries.find((candidate) => candidate.id === id);
  if (!entry) return null;
  return { ...(await analyzeEntry(entry, nowMs, { nextCount: 10, historyLimit: 500 })), generatedAt: nowMs };
}
