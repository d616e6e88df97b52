import type { JsonValue } from "@/lib/celery/json-value";
import type { Schedule } from "@/lib/celery/schedules";

/**
 * Where an entry was read from:
 * - `conf`: the `beat_schedule` setting workers report through `inspect conf`;
 * - `django`: django-celery-beat's tables (BLOOM_BEAT_DATABASE_URL);
 * - `redbeat`: RedBeat's keys in Redis (BLOOM_REDBEAT_URL).
 */
export const BEAT_SOURCES = ["conf", "django", "redbeat"] as const;
export type BeatSource = (typeof BEAT_SOURCES)[number];

export const SOURCE_LABELS: Record<BeatSource, string> = { conf: "worker conf", django: "django-celery-beat", redbeat: "RedBeat" };

/** One periodic task as its source defines it, schedule parsed. */
export type BeatEntry = {
  /** `<source>:<name>`: stable across reads, used in URLs */
  id: string;
  source: BeatSource;
  name: string;
  task: string;
  schedule: Schedule;
  /** the IANA zone the schedule's clock runs on (the app's `timezone`, or a django crontab's own) */
  timeZone: string;
  /** set when the zone is a guess (enable_utc=False without `timezone`: the beat host's local time) */
  timeZoneNote: string | null;
  args: JsonValue[];
  kwargs: Record<string, JsonValue>;
  /** apply_async options beat passes (queue, exchange, routing_key, priority, headers, expires) */
  options: Record<string, JsonValue>;
  enabled: boolean;
  /** the source's own record of the last run (django-celery-beat, RedBeat); null for conf */
  lastRunAt: number | null;
  totalRunCount: number | null;
  /** when the source says it is due next (RedBeat's schedule sorted set) */
  dueAt: number | null;
  /** workers that report it (conf), or the database/Redis it came from */
  reportedBy: string[];
  description: string | null;
  oneOff: boolean;
  startTime: number | null;
  expiresAt: number | null;
  /** django-celery-beat's primary key: enable/disable acts on it */
  djangoId: number | null;
};

export function entryId(source: BeatSource, name: string): string {
  return `${source}:${name}`;
}

export function parseEntryId(id: string): { source: BeatSource; name: string } | null {
  const colon = id.indexOf(":");
  if (colon < 0) return null;
  const source = id.slice(0, colon);
  const name = id.slice(colon + 1);
  return (BEAT_SOURCES as readonly string[]).includes(source) && name !== "" ? { source: source as BeatSource, name } : null;
}

export function entryHref(id: string): string {
  return `/beat/${encodeURIComponent(id)}`;
}
