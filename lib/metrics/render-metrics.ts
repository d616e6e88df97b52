import { Counter, Gauge, Registry } from "prom-client";
import type { EventTotalRow } from "@/lib/repositories/event-totals";
import type { PrefetchRow, StateCountRow } from "@/lib/repositories/metrics-reads";
import { RUNTIME_BUCKETS } from "@/lib/rollups/runtime-histogram";
import { StoredHistogram } from "./stored-histogram";

/** Everything /metrics shows, read from PostgreSQL in one go (lib/services/metrics.ts). */
export type MetricsSnapshot = {
  eventTotals: readonly EventTotalRow[];
  workers: readonly { hostname: string; online: boolean; active: number }[];
  prefetch: readonly PrefetchRow[];
  ingest: {
    /** the active ingest process's lag; null when none reports */
    lagSeconds: number | null;
    processes: readonly { id: string; role: string; eventsTotal: number; deadLetters: number }[];
  };
  queues: readonly { queue: string; depth: number }[];
  /** null when counting took too long (the family is left out rather than failing the scrape) */
  taskStates: readonly StateCountRow[] | null;
};

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * The Prometheus text for a snapshot. Flower's families keep Flower's names, help texts and
 * label names (captured from Flower 2.1: e2e/flower-fixtures/metrics.json) so dashboards and
 * alert rules written for Flower keep working; Bloom's own start with bloom_.
 *
 * celery: Flower's runtime histogram uses prometheus_client's default buckets (or
 * --task_runtime_metric_buckets); Bloom's are its rollup buckets (lib/rollups), which go up to
 * an hour. histogram_quantile() works the same with either.
 */
export async function renderMetrics(snapshot: MetricsSnapshot): Promise<string> {
  const registry = new Registry();
  const flowerEvents = new Counter({ name: "flower_events_total", help: "Number of events", labelNames: ["worker", "type", "task"], registers: [registry] });
  const runtime = new StoredHistogram({ name: "flower_task_runtime_seconds", help: "Task runtime", labelNames: ["worker", "task"], buckets: RUNTIME_BUCKETS, registers: [registry] });
  const prefetchTime = new Gauge({
    name: "flower_task_prefetch_time_seconds",
    help: "The time the task spent waiting at the celery worker to be executed.",
    labelNames: ["worker", "task"],
    registers: [registry],
  });
  const prefetched = new Gauge({ name: "flower_worker_prefetched_tasks", help: "Number of tasks of given type prefetched at a worker", labelNames: ["worker", "task"], registers: [registry] });
  const online = new Gauge({ name: "flower_worker_online", help: "Worker online status", labelNames: ["worker"], registers: [registry] });
  const executing = new Gauge({
    name: "flower_worker_number_of_currently_executing_tasks",
    help: "Number of tasks currently executing at a worker",
    labelNames: ["worker"],
    registers: [registry],
  });

  for (const row of snapshot.eventTotals) flowerEvents.inc({ worker: row.worker, type: row.type, task: row.task }, row.count);
  runtime.setSeries(
    snapshot.eventTotals
      .filter((row) => row.runtimeCount > 0)
      .map((row) => ({ labels: { worker: row.worker, task: row.task }, perBucket: row.histogram, sum: row.runtimeSum, count: row.runtimeCount })),
  );

  // Flower keeps a series for every worker/task pair it saw received (started) and shows 0
  // once nothing waits (runs); the pairs come from the counters, the values from the tasks.
  const pairs = (type: string) => snapshot.eventTotals.filter((row) => row.type === type).map((row) => ({ worker: row.worker, task: row.task }));
  for (const pair of pairs("task-received")) prefetched.set(pair, 0);
  for (const pair of pairs("task-started")) prefetchTime.set(pair, 0);
  for (const row of snapshot.prefetch) {
    const labels = { worker: row.worker, task: row.task };
    prefetched.set(labels, row.waiting);
    if (row.lastPrefetchSeconds !== null) prefetchTime.set(labels, Math.max(0, row.lastPrefetchSeconds));
  }
  for (const worker of snapshot.workers) {
    online.set({ worker: worker.hostname }, worker.online ? 1 : 0);
    executing.set({ worker: worker.hostname }, worker.active);
  }

  // An unknown lag is left out: an unlabelled gauge would otherwise read 0, "all caught up".
  if (snapshot.ingest.lagSeconds !== null) {
    new Gauge({ name: "bloom_ingest_lag_seconds", help: "How far the active ingest process is behind the events it receives", registers: [registry] }).set(snapshot.ingest.lagSeconds);
  }
  const ingested = new Counter({ name: "bloom_ingest_events_total", help: "Events an ingest process has taken in since it started", labelNames: ["process", "role"], registers: [registry] });
  const dead = new Counter({ name: "bloom_ingest_dead_letters_total", help: "Messages an ingest process could not decode or store, since it started", labelNames: ["process", "role"], registers: [registry] });
  for (const process of snapshot.ingest.processes) {
    ingested.inc({ process: process.id, role: process.role }, process.eventsTotal);
    dead.inc({ process: process.id, role: process.role }, process.deadLetters);
  }
  const queueLength = new Gauge({ name: "bloom_queue_length", help: "Messages waiting in a queue at the last sample", labelNames: ["queue"], registers: [registry] });
  for (const queue of snapshot.queues) queueLength.set({ queue: queue.queue }, queue.depth);
  if (snapshot.taskStates !== null) {
    const tasks = new Gauge({ name: "bloom_tasks", help: "Stored tasks per state", labelNames: ["state"], registers: [registry] });
    for (const row of snapshot.taskStates) tasks.set({ state: row.state }, row.count);
  }
  return registry.metrics();
}
