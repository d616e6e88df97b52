import { getPrisma } from "@/lib/db/client";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { boundedRead } from "./bounded-read";
import { defaultDb, type Db } from "./db";

/*
 * The reads behind /metrics besides event_totals. Each is bounded by an index: the states a
 * task waits in (RECEIVED, STARTED) are few rows of tasks_state_received_idx, the workers are
 * tens to hundreds of rows.
 */

export type WorkerGaugeRow = { hostname: string; status: string; lastHeartbeat: Date | null; freq: number; offlineAt: Date | null; active: number };

export async function listWorkerGaugeRows(db: Db = defaultDb()): Promise<WorkerGaugeRow[]> {
  return db.worker.findMany({
    select: { hostname: true, status: true, lastHeartbeat: true, freq: true, offlineAt: true, active: true },
    orderBy: { hostname: "asc" },
  });
}

export type PrefetchRow = { worker: string; task: string; waiting: number; lastPrefetchSeconds: number | null };

/**
 * Per worker and task name: how many tasks wait at the worker (received, not started) and how
 * long the latest running one waited there. Tasks with an ETA are left out, as Flower does:
 * they wait on purpose. `timeoutMs` bounds a pathological backlog.
 */
export async function listPrefetchRows(timeoutMs: number, db: PrismaClient = getPrisma()): Promise<PrefetchRow[]> {
  return boundedRead<PrefetchRow>(
    db,
    Prisma.sql`
      WITH waiting AS (
        SELECT worker, coalesce(name, '') AS task, count(*)::float8 AS waiting
        FROM tasks WHERE state = 'RECEIVED' AND eta IS NULL AND worker IS NOT NULL
        GROUP BY 1, 2
      ),
      running AS (
        SELECT DISTINCT ON (worker, coalesce(name, '')) worker, coalesce(name, '') AS task,
          extract(epoch from started_at - received_at)::float8 AS last_prefetch
        FROM tasks
        WHERE state = 'STARTED' AND eta IS NULL AND worker IS NOT NULL AND started_at IS NOT NULL AND received_at IS NOT NULL
        ORDER BY worker, coalesce(name, ''), started_at DESC
      )
      SELECT coalesce(w.worker, r.worker) AS worker, coalesce(w.task, r.task) AS task,
        coalesce(w.waiting, 0)::float8 AS waiting, r.last_prefetch AS "lastPrefetchSeconds"
      FROM waiting w FULL JOIN running r ON r.worker = w.worker AND r.task = w.task
      ORDER BY 1, 2`,
    { what: "reading prefetched tasks", timeoutMs },
  );
}

export type StateCountRow = { state: string; count: number };

/** Tasks per state, exactly (an index-only walk of tasks_state_received_idx). */
export async function countAllTasksByState(timeoutMs: number, db: PrismaClient = getPrisma()): Promise<StateCountRow[]> {
  return boundedRead<StateCountRow>(db, Prisma.sql`SELECT state, count(*)::float8 AS count FROM tasks GROUP BY state ORDER BY state`, {
    what: "counting tasks by state",
    timeoutMs,
  });
}
