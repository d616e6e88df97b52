import { likePatterns } from "@/lib/alerts/patterns";
import { silenceLookbackSeconds, type BrokerSignal, type QueueSignal, type RollupTotal, type SilenceSignal, type WorkerSignal } from "@/lib/alerts/signals";
import { readWorkerStats } from "@/lib/workers/inspect-snapshots";
import { workerPresence } from "@/lib/workers/presence";
import { defaultDb, type Db } from "./db";

/**
 * The evaluator's reads: each is one small query over a bounded range (rollups of one window,
 * the newest queue samples, the worker rows, the active ingest report), so a tick costs the
 * same with 10 rules or 100.
 */

/** Every worker with its presence (Celery's heartbeat rule) and the resources of its last `stats` reply. */
export async function readWorkerSignals(now: number, db: Db = defaultDb()): Promise<WorkerSignal[]> {
  const rows = await db.worker.findMany({ select: { hostname: true, status: true, lastHeartbeat: true, freq: true, offlineAt: true, stats: true } });
  return rows.map((row) => {
    const presence = workerPresence({ status: row.status, lastHeartbeat: row.lastHeartbeat?.getTime() ?? null, freq: row.freq, offlineAt: row.offlineAt?.getTime() ?? null }, now);
    const stats = readWorkerStats(row.stats, row.hostname);
    return { hostname: row.hostname, online: presence.online, cpuPercent: stats?.cpuPercent ?? null, memoryBytes: stats?.memoryBytes ?? null };
  });
}

/** The newest depth of every queue sampled since `since` (older samples are not current). */
export async function readQueueSignals(since: Date, db: Db = defaultDb()): Promise<QueueSignal[]> {
  return db.$queryRawUnsafe<QueueSignal[]>(
    `SELECT DISTINCT ON (queue) queue, depth::float8 AS depth FROM queue_samples WHERE sampled_at >= $1::timestamptz ORDER BY queue, sampled_at DESC`,
    since,
  );
}

/** The broker state the freshest active ingest report gives, when that report is recent. */
export async function readBrokerSignal(freshSince: Date, db: Db = defaultDb()): Promise<BrokerSignal> {
  const row = await db.ingestHealth.findFirst({ where: { role: "active" }, orderBy: { updatedAt: "desc" }, select: { brokerState: true, brokerError: true, updatedAt: true } });
  if (!row || row.updatedAt < freshSince) return null;
  return { state: row.brokerState, error: row.brokerError };
}

/** Rollups of the last `windowSeconds` (whole minutes, the current one included), summed per task name and state. */
export async function readRollupTotals(now: number, windowSeconds: number, db: Db = defaultDb()): Promise<RollupTotal[]> {
  return db.$queryRawUnsafe<RollupTotal[]>(
    `SELECT name, state, sum(count)::float8 AS count, sum(runtime_sum)::float8 AS "runtimeSum"
     FROM task_rollups
     WHERE minute >= date_trunc('minute', to_timestamp($1::float8)) - make_interval(secs => $2::float8) + interval '1 minute'
     GROUP BY name, state`,
    now / 1000,
    windowSeconds,
  );
}

/**
 * When a task matching `pattern` was last sent or received (beat sends; a stopped beat sends
 * nothing). Only the lookback is read (tasks_first_seen_idx); beyond it, one existence probe.
 */
export async function readTaskSilence(now: number, pattern: string | null, thresholdSeconds: number, db: Db = defaultDb()): Promise<SilenceSignal> {
  const lookbackSeconds = silenceLookbackSeconds(thresholdSeconds);
  const likes = likePatterns(pattern);
  const [recent] = await db.$queryRawUnsafe<{ lastSeen: number | null }[]>(
    `SELECT extract(epoch from max(greatest(sent_at, received_at, first_seen_at))) * 1000 AS "lastSeen"
     FROM tasks WHERE first_seen_at >= to_timestamp($1::float8) AND name LIKE ANY ($2::text[])`,
    now / 1000 - lookbackSeconds,
    likes,
  );
  const lastSeenAt = recent?.lastSeen === null || recent?.lastSeen === undefined ? null : Number(recent.lastSeen);
  if (lastSeenAt !== null) return { lastSeenAt, everSeen: true, lookbackSeconds };
  const ever = await db.$queryRawUnsafe<{ one: number }[]>(`SELECT 1 AS one FROM tasks WHERE name LIKE ANY ($1::text[]) LIMIT 1`, likes);
  return { lastSeenAt: null, everSeen: ever.length > 0, lookbackSeconds };
}
