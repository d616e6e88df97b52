import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

export type SweptWorker = { hostname: string; /** epoch seconds */ offlineAt: number };

/**
 * Marks offline, in one statement, every online worker whose heartbeats stopped: Celery's
 * Worker.alive is `now < last_heartbeat + freq * expireFactor`. offline_at is that expiry
 * time, when the worker was last known to be gone, not the time of this sweep, so the page
 * shows the same moment however late the sweep runs.
 *
 * `nowSeconds` comes from the ingest process: last_heartbeat is its own receive time, so its
 * clock (not the database's) is the one to compare with. A heartbeat written concurrently
 * is re-checked by Postgres before the row is updated (READ COMMITTED re-evaluates WHERE).
 */
export async function markSilentWorkersOffline(db: Db, nowSeconds: number, expireFactor: number): Promise<SweptWorker[]> {
  return db.$queryRawUnsafe<SweptWorker[]>(
    `UPDATE workers
     SET status = 'offline', offline_at = last_heartbeat + make_interval(secs => freq * $2::float8), updated_at = now()
     WHERE status = 'online' AND last_heartbeat IS NOT NULL
       AND last_heartbeat + make_interval(secs => freq * $2::float8) <= to_timestamp($1::float8)
     RETURNING hostname, extract(epoch from offline_at)::float8 AS "offlineAt"`,
    nowSeconds,
    expireFactor,
  );
}
