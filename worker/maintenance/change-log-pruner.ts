import type { PrismaClient } from "@/lib/generated/prisma/client";
import { pruneChangeLog } from "@/lib/repositories/change-log";
import { runInBatches } from "./batch-loop";

/**
 * How much of change_log (the live stream's replay log) is kept: enough for a browser that
 * lost its connection for a proxy reload, a replica restart or a short network outage to
 * be replayed what it missed; one away for longer gets a resync and refetches, which is
 * what it would want anyway. Fixed rather than configurable: it bounds a cache, not data
 * anyone looks at. At ≤ 7 KB per row the count bounds the table to a few tens of MB.
 */
export const CHANGE_LOG_RETENTION = { maxAgeSeconds: 10 * 60, keepRows: 10_000 } as const;

/** Often enough that the table stays near its bounds under a busy ingest. */
export const DEFAULT_CHANGE_LOG_PRUNE_INTERVAL_MS = 30_000;

const BATCH_SIZE = 2_000;
const PAUSE_MS = 50;

/** One pass: deletes what is past CHANGE_LOG_RETENTION in short statements; returns how many rows went. */
export async function pruneChangeLogOnce(prisma: PrismaClient, signal: AbortSignal, retention: { maxAgeSeconds: number; keepRows: number } = CHANGE_LOG_RETENTION): Promise<number> {
  const { deleted } = await runInBatches((limit) => pruneChangeLog(prisma, { ...retention, limit }), { batchSize: BATCH_SIZE, pauseMs: PAUSE_MS, signal });
  return deleted;
}
