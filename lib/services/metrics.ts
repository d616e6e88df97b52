import { renderMetrics, type MetricsSnapshot } from "@/lib/metrics/render-metrics";
import { listEventTotals, SERIES_IDLE_SECONDS } from "@/lib/repositories/event-totals";
import { listIngestHealth } from "@/lib/repositories/ingest-health";
import { countAllTasksByState, listPrefetchRows, listWorkerGaugeRows, type StateCountRow } from "@/lib/repositories/metrics-reads";
import { QueryTimeoutError } from "@/lib/repositories/postgres-errors";
import { listLatestQueueDepths } from "@/lib/repositories/queue-depth-reads";
import { workerPresence } from "@/lib/workers/presence";

/** Counter series of workers (and clients) silent for longer leave /metrics. */
export const SERIES_IDLE_MS = SERIES_IDLE_SECONDS * 1000;
/** Ingest reports older than this belong to stopped processes. */
const INGEST_REPORT_FRESH_MS = 60_000;
/** A queue not sampled for this long has no current length. */
const QUEUE_SAMPLE_FRESH_MS = 5 * 60_000;
const READ_TIMEOUT_MS = 5_000;

/**
 * /metrics, read from PostgreSQL on every scrape: no counter lives in a web process, so every
 * replica behind a load balancer answers with the same numbers, and a restart loses nothing.
 */
export async function collectMetricsSnapshot(now: Date = new Date()): Promise<MetricsSnapshot> {
  const [eventTotals, workers, prefetch, reports, queues, taskStates] = await Promise.all([
    listEventTotals(new Date(now.getTime() - SERIES_IDLE_MS)),
    listWorkerGaugeRows(),
    listPrefetchRows(READ_TIMEOUT_MS),
    listIngestHealth(),
    listLatestQueueDepths(new Date(now.getTime() - QUEUE_SAMPLE_FRESH_MS)),
    countStatesOrSkip(),
  ]);
  const fresh = reports.filter((report) => now.getTime() - report.updatedAt.getTime() <= INGEST_REPORT_FRESH_MS);
  const active = fresh.find((report) => report.role === "active");
  return {
    eventTotals,
    workers: workers.map((worker) => ({
      hostname: worker.hostname,
      online: workerPresence(
        { status: worker.status, lastHeartbeat: worker.lastHeartbeat?.getTime() ?? null, freq: worker.freq, offlineAt: worker.offlineAt?.getTime() ?? null },
        now.getTime(),
      ).online,
      active: worker.active,
    })),
    prefetch,
    ingest: {
      lagSeconds: active?.lagMs === null || active?.lagMs === undefined ? null : active.lagMs / 1000,
      processes: fresh
        .map((report) => ({ id: report.instanceId, role: report.role, eventsTotal: Number(report.eventsTotal), deadLetters: Number(report.deadLetters) }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    },
    queues: queues.map((queue) => ({ queue: queue.queue, depth: queue.depth })).sort((a, b) => a.queue.localeCompare(b.queue)),
    taskStates,
  };
}

/** Exact counts read every task; on a table too large to count in time the family is left out. */
async function countStatesOrSkip(): Promise<StateCountRow[] | null> {
  try {
    return await countAllTasksByState(READ_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof QueryTimeoutError) return null;
    throw error;
  }
}

export async function getMetricsText(now: Date = new Date()): Promise<string> {
  return renderMetrics(await collectMetricsSnapshot(now));
}
