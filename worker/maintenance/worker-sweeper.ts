import type { Logger } from "pino";
import { HEARTBEAT_EXPIRE_WINDOW } from "@/lib/celery/worker-state";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { publishChange } from "@/lib/repositories/change-log";
import { withTransaction } from "@/lib/repositories/transaction";
import { markSilentWorkersOffline, type SweptWorker } from "@/lib/repositories/worker-liveness";
import { changeNotification, CHANGES_CHANNEL } from "../ingest/change-notification";

/** Heartbeats come every `freq` (2 s by default), so a short sweep keeps the page close to the truth. */
export const DEFAULT_SWEEP_INTERVAL_MS = 2_000;

/**
 * Marks workers whose heartbeats stopped as offline (Celery's Worker.alive rule; a worker
 * killed with SIGKILL never sends worker-offline), and tells listening pages which ones.
 * The update and the NOTIFY share a transaction: listeners hear of exactly what committed.
 */
export async function sweepSilentWorkers(prisma: PrismaClient, nowSeconds = Date.now() / 1000, log?: Logger): Promise<SweptWorker[]> {
  const swept = await withTransaction(
    prisma,
    async (tx) => {
      const rows = await markSilentWorkersOffline(tx, nowSeconds, HEARTBEAT_EXPIRE_WINDOW / 100);
      if (rows.length > 0) await publishChange(tx, CHANGES_CHANNEL, changeNotification([], rows.map((row) => row.hostname)));
      return rows;
    },
    10_000,
  );
  for (const worker of swept) {
    log?.info({ worker: worker.hostname, offlineAt: new Date(worker.offlineAt * 1000).toISOString() }, "worker heartbeats stopped; marked offline");
  }
  return swept;
}
