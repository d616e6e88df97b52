import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

export type TaskEventRecord = {
  taskId: string;
  type: string;
  hostname: string;
  /** epoch seconds, utcoffset-corrected */
  timestamp: number;
  clock: number;
  /** the event's own fields, stored as JSON (serialised once, with the whole batch) */
  fields: unknown;
  /** task-succeeded's runtime (seconds), for the rollups; not stored separately */
  runtime: number | null;
};

/** timestampUs: microseconds since the epoch, as decimal text (exact, unlike a float). */
export type InsertedEventKey = { taskId: string; timestampUs: string; type: string; clock: string };

/** Postgres keeps microseconds; this is the exact value a stored event timestamp will have. */
export function toEpochMicros(seconds: number): number {
  return Math.round(seconds * 1e6);
}

/**
 * The batch as one JSON parameter: JSON.stringify is native and each event's fields are
 * serialised once, where a text[] per column costs pg's per-element escaping on our side and
 * array parsing on the server's (measured: the event insert was the batch's largest cost).
 */
function eventRowsJson(events: readonly TaskEventRecord[]): string {
  return JSON.stringify(
    events.map((event) => ({ t: event.taskId, y: event.type, h: event.hostname, us: toEpochMicros(event.timestamp), c: Math.trunc(event.clock), f: event.fields })),
  );
}

const EVENT_ROWS = `json_to_recordset($1::json) AS u(t text, y text, h text, us int8, c int8, f json)`;

/**
 * Appends to the timeline; a redelivered event (same task, time, type, clock) is skipped.
 * Returns how many rows were really inserted: equal to `events.length` unless some were
 * already stored (or repeated within the batch), which `findEventsInsertedHere` then sorts out.
 */
export async function insertTaskEvents(db: Db, events: readonly TaskEventRecord[]): Promise<number> {
  if (events.length === 0) return 0;
  return db.$executeRawUnsafe(
    `INSERT INTO task_events (task_id, type, hostname, timestamp, clock, fields)
     SELECT u.t, u.y, u.h, 'epoch'::timestamptz + u.us * interval '1 microsecond', u.c, u.f
     FROM ${EVENT_ROWS}
     ON CONFLICT (task_id, timestamp, type, clock) DO NOTHING`,
    eventRowsJson(events),
  );
}

/**
 * Of these events, the keys of the rows this transaction inserted (xmin is the inserting
 * transaction's id): the rare path after `insertTaskEvents` skipped some, so rollups count
 * each event once. Must run in the same transaction as the insert.
 */
export async function findEventsInsertedHere(db: Db, events: readonly TaskEventRecord[]): Promise<InsertedEventKey[]> {
  if (events.length === 0) return [];
  return db.$queryRawUnsafe<InsertedEventKey[]>(
    `SELECT e.task_id AS "taskId", (extract(epoch from e.timestamp) * 1000000)::int8::text AS "timestampUs", e.type, e.clock::text AS clock
     FROM (SELECT DISTINCT u.t, u.y, u.us, u.c FROM ${EVENT_ROWS}) AS u
     JOIN task_events e ON e.task_id = u.t AND e.timestamp = 'epoch'::timestamptz + u.us * interval '1 microsecond' AND e.type = u.y AND e.clock = u.c
     WHERE e.xmin::text::int8 = txid_current() % 4294967296`,
    eventRowsJson(events),
  );
}

export type WorkerRecord = {
  hostname: string;
  status: "online" | "offline";
  lastHeartbeat: number | null;
  freq: number;
  pid: number | null;
  swIdent: string | null;
  swVer: string | null;
  swSys: string | null;
  active: number;
  processed: number;
  /** JSON text */
  loadavg: string | null;
  clock: number;
  lastEventAt: number | null;
  onlineAt: number | null;
  offlineAt: number | null;
};

export async function findWorkerRecords(db: Db, hostnames: string[]): Promise<Map<string, WorkerRecord>> {
  if (hostnames.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<WorkerRecord[]>(
    `SELECT hostname, status, extract(epoch from last_heartbeat)::float8 AS "lastHeartbeat", freq, pid, sw_ident AS "swIdent",
       sw_ver AS "swVer", sw_sys AS "swSys", active, processed::float8 AS processed, loadavg::text AS loadavg, clock::float8 AS clock,
       extract(epoch from last_event_at)::float8 AS "lastEventAt",
       extract(epoch from online_at)::float8 AS "onlineAt", extract(epoch from offline_at)::float8 AS "offlineAt"
     FROM workers WHERE hostname = ANY($1::text[])`,
    hostnames,
  );
  return new Map(rows.map((row) => [row.hostname, row]));
}

export async function upsertWorkerRecords(db: Db, workers: WorkerRecord[]): Promise<void> {
  if (workers.length === 0) return;
  const col = <K extends keyof WorkerRecord>(key: K) => workers.map((worker) => worker[key]);
  await db.$executeRawUnsafe(
    `INSERT INTO workers (hostname, status, last_heartbeat, freq, pid, sw_ident, sw_ver, sw_sys, active, processed, loadavg, clock, last_event_at, online_at, offline_at, updated_at)
     SELECT u.hostname, u.status, to_timestamp(u.hb), u.freq, u.pid, u.sw_ident, u.sw_ver, u.sw_sys, u.active, u.processed, u.loadavg::jsonb, u.clock,
       to_timestamp(u.last_event_at), to_timestamp(u.online_at), to_timestamp(u.offline_at), now()
     FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::int4[], $6::text[], $7::text[], $8::text[], $9::int4[], $10::int8[], $11::text[], $12::int8[], $13::float8[], $14::float8[], $15::float8[])
       AS u(hostname, status, hb, freq, pid, sw_ident, sw_ver, sw_sys, active, processed, loadavg, clock, last_event_at, online_at, offline_at)
     ON CONFLICT (hostname) DO UPDATE SET status = EXCLUDED.status, last_heartbeat = EXCLUDED.last_heartbeat, freq = EXCLUDED.freq,
       pid = EXCLUDED.pid, sw_ident = EXCLUDED.sw_ident, sw_ver = EXCLUDED.sw_ver, sw_sys = EXCLUDED.sw_sys, active = EXCLUDED.active,
       processed = EXCLUDED.processed, loadavg = EXCLUDED.loadavg, clock = EXCLUDED.clock, last_event_at = EXCLUDED.last_event_at, online_at = EXCLUDED.online_at,
       offline_at = EXCLUDED.offline_at, updated_at = now()`,
    col("hostname"),
    col("status"),
    col("lastHeartbeat"),
    col("freq"),
    col("pid"),
    col("swIdent"),
    col("swVer"),
    col("swSys"),
    col("active"),
    workers.map((worker) => Math.trunc(worker.processed)),
    col("loadavg"),
    workers.map((worker) => Math.trunc(worker.clock)),
    col("lastEventAt"),
    col("onlineAt"),
    col("offlineAt"),
  );
}

export type RollupIncrement = {
  /** epoch seconds of the minute start */
  minute: number;
  name: string;
  state: string;
  count: number;
  runtimeSum: number;
  runtimeMin: number | null;
  runtimeMax: number | null;
  histogram: number[];
};

/** Adds to the per-minute rollups; histograms are added bucket by bucket. */
export async function addRollups(db: Db, increments: RollupIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO task_rollups AS r (minute, name, state, count, runtime_sum, runtime_min, runtime_max, histogram)
     SELECT to_timestamp(u.minute), u.name, u.state, u.count, u.runtime_sum, u.runtime_min, u.runtime_max, u.histogram::int4[]
     FROM unnest($1::float8[], $2::text[], $3::text[], $4::int4[], $5::float8[], $6::float8[], $7::float8[], $8::text[])
       AS u(minute, name, state, count, runtime_sum, runtime_min, runtime_max, histogram)
     ON CONFLICT (minute, name, state) DO UPDATE SET
       count = r.count + EXCLUDED.count,
       runtime_sum = r.runtime_sum + EXCLUDED.runtime_sum,
       runtime_min = LEAST(r.runtime_min, EXCLUDED.runtime_min),
       runtime_max = GREATEST(r.runtime_max, EXCLUDED.runtime_max),
       histogram = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0) FROM unnest(r.histogram, EXCLUDED.histogram) AS h(a, b))`,
    increments.map((row) => row.minute),
    increments.map((row) => row.name),
    increments.map((row) => row.state),
    increments.map((row) => row.count),
    increments.map((row) => row.runtimeSum),
    increments.map((row) => row.runtimeMin),
    increments.map((row) => row.runtimeMax),
    increments.map((row) => `{${row.histogram.join(",")}}`),
  );
}

export type DeadLetterRecord = { transport: string; channel: string; reason: string; detail: string; raw: Buffer; size: number };

export async function insertDeadLetters(db: Db, letters: DeadLetterRecord[]): Promise<void> {
  if (letters.length === 0) return;
  await db.deadLetter.createMany({
    data: letters.map((letter) => ({ ...letter, raw: new Uint8Array(letter.raw) })),
  });
}
