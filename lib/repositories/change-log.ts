import { defaultDb, type Db } from "./db";

/*
 * change_log: the numbered change notifications behind the live stream's Last-Event-ID
 * replay (lib/realtime/change-hub.ts). Rows are written only by the SQL function
 * bloom_publish_change (migration 20261125000000_change_log), which numbers them in commit
 * order and NOTIFYs in the same call.
 */

/** A logged change: its number and the notification as it was published (JSON text, without the seq). */
export type ChangeLogRow = { seq: number; payload: string };

/**
 * Logs `payload` (a JSON object) and NOTIFYs it on `channel` with `"seq"` added, in the
 * caller's transaction: listeners hear of it, and it becomes replayable, only if that
 * commits. Returns the seq. Call it last in a transaction: it takes the publish lock, which
 * is then held until commit (see the migration).
 */
export async function publishChange(db: Db, channel: string, payload: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ seq: string }[]>("SELECT bloom_publish_change($1, $2::json)::text AS seq", channel, payload);
  return Number(rows[0]?.seq);
}

/**
 * The oldest and newest seq kept, or null when nothing was ever logged (pruning always keeps
 * the newest row, so an empty log means an unused one). Two index probes.
 */
export async function changeLogRange(db: Db = defaultDb()): Promise<{ oldest: number; newest: number } | null> {
  const rows = await db.$queryRawUnsafe<{ oldest: string | null; newest: string | null }[]>("SELECT min(seq)::text AS oldest, max(seq)::text AS newest FROM change_log");
  const row = rows[0];
  if (!row?.oldest || !row.newest) return null;
  return { oldest: Number(row.oldest), newest: Number(row.newest) };
}

/** Changes logged after `afterSeq`, oldest first, at most `limit`. */
export async function listChangesAfter(afterSeq: number, limit: number, db: Db = defaultDb()): Promise<ChangeLogRow[]> {
  const rows = await db.$queryRawUnsafe<{ seq: string; payload: string }[]>(
    "SELECT seq::text AS seq, payload::text AS payload FROM change_log WHERE seq > $1::int8 ORDER BY seq LIMIT $2",
    String(afterSeq),
    limit,
  );
  return rows.map((row) => ({ seq: Number(row.seq), payload: row.payload }));
}

/**
 * Deletes all but the newest `keepRows` rows and rows older than `maxAgeSeconds`, at most
 * `limit` per call — always a prefix in seq order, and never the newest row: a reader can
 * then tell that a seq it was given is still replayable when it is no older than the oldest
 * row kept (lib/realtime/replay-plan.ts). Returns how many rows went.
 */
export async function pruneChangeLog(db: Db, options: { maxAgeSeconds: number; keepRows: number; limit: number }): Promise<number> {
  return db.$executeRawUnsafe(
    `WITH newest AS (SELECT max(seq) AS seq FROM change_log),
          first_recent AS (SELECT min(seq) AS seq FROM change_log WHERE at >= now() - make_interval(secs => $1::float8)),
          cutoff AS (
            SELECT LEAST(newest.seq, GREATEST(newest.seq - $2::int8 + 1, coalesce(first_recent.seq, newest.seq))) AS seq
            FROM newest, first_recent
          )
     DELETE FROM change_log WHERE seq = ANY(ARRAY(
       SELECT seq FROM change_log WHERE seq < (SELECT seq FROM cutoff) ORDER BY seq LIMIT $3))`,
    options.maxAgeSeconds,
    String(options.keepRows),
    options.limit,
  );
}
