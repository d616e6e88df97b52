import type { JsonValue } from "@/lib/celery/json-value";
import { loadHealthThresholds, type HealthThresholds } from "@/lib/config/health-thresholds";
import { findWorker } from "@/lib/repositories/worker-reads";
import { listRecentTasksOfWorker } from "@/lib/repositories/worker-recent-tasks";
import { maskSecrets } from "@/lib/security/mask-secrets";
import { readActiveQueues, readRegisteredTasks, readWorkerConf, readWorkerStats, type ActiveQueueView } from "@/lib/workers/inspect-snapshots";
import { toWorkerSummary, type WorkerSummary } from "./worker-summaries";

export const RECENT_TASKS_LIMIT = 25;

export type WorkerRecentTask = { id: string; name: string | null; state: string; receivedAt: number | null; runtime: number | null };

/** One worker's page: the summary, what the inspect replies said, and its newest tasks. */
export type WorkerDetail = WorkerSummary & {
  prefetchCount: number | null;
  uptimeSeconds: number | null;
  processes: number[];
  transport: string | null;
  /** null until the worker was inspected (or when its reply could not be read) */
  registered: string[] | null;
  activeQueues: ActiveQueueView[] | null;
  /** secrets masked */
  conf: Record<string, JsonValue> | null;
  recentTasks: WorkerRecentTask[];
};

export async function getWorkerDetail(hostname: string, now = Date.now(), thresholds: HealthThresholds = loadHealthThresholds()): Promise<WorkerDetail | null> {
  const [row, tasks] = await Promise.all([findWorker(hostname), listRecentTasksOfWorker(hostname, RECENT_TASKS_LIMIT)]);
  if (!row) return null;
  const stats = readWorkerStats(row.stats, hostname);
  const conf = readWorkerConf(row.conf, hostname);
  return {
    ...toWorkerSummary(row, now, thresholds),
    prefetchCount: stats?.prefetchCount ?? null,
    uptimeSeconds: stats?.uptimeSeconds ?? null,
    processes: stats?.processes ?? [],
    transport: stats?.transport ?? null,
    registered: readRegisteredTasks(row.registered, hostname),
    activeQueues: readActiveQueues(row.activeQueues, hostname),
    conf: conf === null ? null : (maskSecrets(conf) as Record<string, JsonValue>),
    recentTasks: tasks.map((task) => ({ id: task.uuid, name: task.name, state: task.state, receivedAt: task.receivedAt?.getTime() ?? null, runtime: task.runtime })),
  };
}
