import { z } from "zod";
import { isJsonObject, type JsonValue } from "@/lib/celery/json-value";
import { isValidTimeZone, parseScheduleValue } from "@/lib/celery/schedules";
import { entryId, type BeatEntry } from "./beat-entry";

/**
 * Beat entries from workers' `inspect conf` replies (the app's `beat_schedule` as each worker
 * sees it; see wire-samples/cli-inspect-conf.json). Every worker of an app reports the same
 * schedule, so entries are merged by name and list the workers that reported them; the
 * first reply read (the most recent) wins where two disagree.
 */

const confEntry = z.looseObject({
  task: z.string().min(1),
  schedule: z.unknown(),
  // jsonify turns tuples into lists
  args: z.array(z.unknown()).nullish().catch(null),
  kwargs: z.record(z.string(), z.unknown()).nullish().catch(null),
  options: z.record(z.string(), z.unknown()).nullish().catch(null),
  relative: z.boolean().optional().catch(undefined),
});

export type WorkerConf = { hostname: string; conf: Record<string, JsonValue> };

/**
 * The zone Celery evaluates crontabs in (celery/app/base.py `Celery.timezone`): `timezone`
 * when set; else UTC with `enable_utc` (the default), else the beat host's local zone,
 * which Bloom cannot see: it then assumes UTC and says so.
 */
export function appTimeZone(conf: Record<string, JsonValue>): { timeZone: string; note: string | null } {
  const tz = conf.timezone;
  if (typeof tz === "string" && tz.trim() !== "") {
    return isValidTimeZone(tz.trim()) ? { timeZone: tz.trim(), note: null } : { timeZone: "UTC", note: `unknown timezone "${tz}": shown as UTC` };
  }
  if (conf.enable_utc === false) return { timeZone: "UTC", note: "enable_utc is off and no timezone is set: beat uses its host's local time; shown as UTC" };
  return { timeZone: "UTC", note: null };
}

export function entriesFromConfs(confs: readonly WorkerConf[]): BeatEntry[] {
  const byName = new Map<string, BeatEntry>();
  for (const { hostname, conf } of confs) {
    const schedule = conf.beat_schedule;
    if (!isJsonObject(schedule)) continue;
    const zone = appTimeZone(conf);
    for (const [name, raw] of Object.entries(schedule)) {
      const known = byName.get(name);
      if (known) {
        if (!known.reportedBy.includes(hostname)) known.reportedBy.push(hostname);
        continue;
      }
      const parsed = confEntry.safeParse(raw);
      if (!parsed.success) continue;
      const entry = parsed.data;
      let parsedSchedule = parseScheduleValue(entry.schedule);
      if (parsedSchedule.kind === "interval" && entry.relative) parsedSchedule = { ...parsedSchedule, relative: true };
      const options = (entry.options ?? {}) as Record<string, JsonValue>;
      byName.set(name, {
        id: entryId("conf", name),
        source: "conf",
        name,
        task: entry.task,
        schedule: parsedSchedule,
        timeZone: zone.timeZone,
        timeZoneNote: zone.note,
        args: (entry.args ?? []) as JsonValue[],
        kwargs: (entry.kwargs ?? {}) as Record<string, JsonValue>,
        options,
        enabled: true,
        lastRunAt: null,
        totalRunCount: null,
        dueAt: null,
        reportedBy: [hostname],
        description: null,
        oneOff: false,
        startTime: null,
        expiresAt: null,
        djangoId: null,
      });
    }
  }
  return [...byName.values()];
}

/** The app's zone as the workers report it, for sources that do not carry their own (RedBeat). */
export function reportedAppTimeZone(confs: readonly WorkerConf[]): { timeZone: string; note: string | null } {
  const first = confs[0];
  return first ? appTimeZone(first.conf) : { timeZone: "UTC", note: "no worker reported its configuration: shown as UTC" };
}
