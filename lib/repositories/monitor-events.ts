import { defaultDb, type Db } from "./db";

/** One task_events row as the monitor shows it, with the task's name joined in. */
export type MonitorEventRow = {
  /** task_events.id as text (a bigint) */
  id: string;
  taskId: string;
  type: string;
  hostname: string;
  /** epoch ms, utcoffset-corrected */
  timestamp: number;
  name: string | null;
  /** task-succeeded's runtime, seconds */
  runtime: number | null;
  /** task-failed / task-retried exception, cut to 300 characters */
  exception: string | null;
};

const SELECT = `SELECT e.id::text AS id, e.task_id AS "taskId", e.type, e.hostname, (extract(epoch from e.timestamp) * 1000)::float8 AS timestamp, t.name,
    CASE WHEN json_typeof(e.fields->'runtime') = 'number' THEN (e.fields->>'runtime')::float8 END AS runtime,
    left(e.fields->>'exception', 300) AS exception
  FROM task_events e LEFT JOIN tasks t ON t.uuid = e.task_id`;

/**
 * Events logged after `afterId`, oldest first; when more than `limit` are waiting, the
 * newest `limit` (a live view wants the present, not a backlog). Ids grow in commit order
 * because a single ingest process (the lock holder) writes batches one at a time.
 */
export async function listTaskEventsAfter(afterId: bigint, limit: number, db: Db = defaultDb()): Promise<MonitorEventRow[]> {
  const rows = await db.$queryRawUnsafe<MonitorEventRow[]>(`${SELECT} WHERE e.id > $1::int8 ORDER BY e.id DESC LIMIT $2`, afterId.toString(), limit);
  return rows.reverse();
}

/** The newest `limit` events, oldest first. */
export async function listLatestTaskEvents(limit: number, db: Db = defaultDb()): Promise<MonitorEventRow[]> {
  const rows = await db.$queryRawUnsafe<MonitorEventRow[]>(`${SELECT} ORDER BY e.id DESC LIMIT $1`, limit);
  return rows.reverse();
}

/** The id a live view starts after: events older than the moment it connected are history. */
export async function latestTaskEventId(db: Db = defaultDb()): Promise<bigint> {
  const rows = await db.$queryRawUnsafe<{ id: string | null }[]>(`SELECT max(id)::text AS id FROM task_events`);
  return BigInt(rows[0]?.id ?? "0");
}
