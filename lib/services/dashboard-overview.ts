import { loadHealthThresholds, type HealthThresholds } from "@/lib/config/health-thresholds";
import { queueLengthTone, workersOnlineTone } from "@/lib/health/metric-tones";
import type { BeatHealthSummary } from "@/lib/beat/beat-health";
import { worstTone, type HealthTone } from "@/lib/health/tone";
import { listLatestQueueDepths } from "@/lib/repositories/queue-depth-reads";
import { hasAnyTask } from "@/lib/repositories/task-presence";
import { toHealthView, type HealthView } from "./health-view";
import { getBeatHealth } from "./beat-health";
import { getSystemHealth } from "./system-health";
import { listWorkerSummaries, type WorkerSummary } from "./worker-summaries";

/** Samples older than this are history: the sampler writes every few seconds when it runs. */
export const QUEUE_SAMPLE_MAX_AGE_MS = 5 * 60_000;

export type QueueDepthView = { queue: string; depth: number; consumers: number | null; sampledAt: number; tone: HealthTone | null };

export type DashboardOverview = {
  generatedAt: number;
  health: HealthView;
  workers: {
    online: number;
    offline: number;
    tone: HealthTone | null;
    /** tasks executing now, from the online workers' heartbeats */
    active: number;
    /** worst CPU/memory verdict among online workers (null when none reported resources) */
    resourceTone: HealthTone | null;
    list: Pick<WorkerSummary, "hostname" | "online" | "active" | "cpuPercent" | "cpuTone" | "memoryBytes" | "memoryTone">[];
  };
  queues: {
    /** messages waiting in the broker over all sampled queues; null when nothing was sampled recently */
    waiting: number | null;
    tone: HealthTone | null;
    items: QueueDepthView[];
  };
  /** nothing seen yet: no worker and no task (the page explains how to turn events on) */
  fresh: boolean;
  /** periodic tasks against their schedule (critical when beat stopped sending); null when unknown */
  beat: BeatHealthSummary | null;
};

/** The always-current part of the dashboard (no time window). */
export async function getDashboardOverview(now = Date.now(), thresholds: HealthThresholds = loadHealthThresholds()): Promise<DashboardOverview> {
  const [health, workers, depths, anyTask, beat] = await Promise.all([
    getSystemHealth(new Date(now)),
    listWorkerSummaries(now, thresholds),
    listLatestQueueDepths(new Date(now - QUEUE_SAMPLE_MAX_AGE_MS)),
    hasAnyTask(),
    getBeatHealth(now),
  ]);
  const online = workers.filter((worker) => worker.online);
  const items = depths
    .map((sample) => ({ ...sample, sampledAt: sample.sampledAt.getTime(), tone: queueLengthTone(sample.depth, thresholds) }))
    .sort((a, b) => b.depth - a.depth || a.queue.localeCompare(b.queue));
  return {
    generatedAt: now,
    health: toHealthView(health),
    workers: {
      online: online.length,
      offline: workers.length - online.length,
      tone: workersOnlineTone(online.length, workers.length),
      active: online.reduce((sum, worker) => sum + worker.active, 0),
      resourceTone: worstTone(online.flatMap((worker) => [worker.cpuTone, worker.memoryTone])),
      list: workers.map(({ hostname, online: isOnline, active, cpuPercent, cpuTone, memoryBytes, memoryTone }) => ({
        hostname,
        online: isOnline,
        active,
        cpuPercent,
        cpuTone,
        memoryBytes,
        memoryTone,
      })),
    },
    queues: {
      waiting: items.length === 0 ? null : items.reduce((sum, item) => sum + item.depth, 0),
      tone: worstTone(items.map((item) => item.tone)),
      items,
    },
    fresh: workers.length === 0 && !anyTask,
    beat,
  };
}
