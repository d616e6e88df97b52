import { defaultDb, type Db } from "./db";

export type WorkerTaskRow = {
  uuid: string;
  name: string | null;
  state: string;
  receivedAt: Date | null;
  runtime: number | null;
};

/**
 * The newest tasks a worker received. `received_at IS NOT NULL` lets Postgres walk
 * tasks_worker_received_idx (worker, received_at DESC) from the top instead of sorting.
 */
export async function listRecentTasksOfWorker(hostname: string, limit: number, db: Db = defaultDb()): Promise<WorkerTaskRow[]> {
  return db.task.findMany({
    where: { worker: hostname, receivedAt: { not: null } },
    orderBy: { receivedAt: "desc" },
    take: limit,
    select: { uuid: true, name: true, state: true, receivedAt: true, runtime: true },
  });
}
