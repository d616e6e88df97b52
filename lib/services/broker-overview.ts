import { loadSettings } from "@/lib/config/settings";
import { loadHealthThresholds, type HealthThresholds } from "@/lib/config/health-thresholds";
import { pickChartedQueues, pivotQueueHistory, type QueueHistoryRow } from "@/lib/dashboard/queue-history";
import { bucketStarts, TIME_WINDOWS, timeRange, type TimeRange, type TimeWindowKey } from "@/lib/dashboard/time-window";
import { queueLengthTone } from "@/lib/health/metric-tones";
import { listLatestQueueDepths, listQueueDepthHistory } from "@/lib/repositories/queue-depth-reads";
import { maskUrlCredentials } from "@/lib/security/mask-secrets";
import { QUEUE_SAMPLE_MAX_AGE_MS, type QueueDepthView } from "./dashboard-overview";
import { toHealthView, type HealthView } from "./health-view";
import { getSystemHealth } from "./system-health";

/** Lines on the depth chart; more would be unreadable (the table lists every queue). */
export const CHARTED_QUEUES = 8;

export type BrokerOverview = {
  health: HealthView;
  /** the broker this Bloom watches, password masked */
  url: string;
  transport: "redis" | "amqp" | "other";
  queues: QueueDepthView[];
  /** newest sample of any queue; null when the sampler has not written yet */
  lastSampleAt: number | null;
  history: { range: TimeRange; queues: string[]; rows: QueueHistoryRow[] };
};

export async function getBrokerOverview(window: TimeWindowKey, now = Date.now(), thresholds: HealthThresholds = loadHealthThresholds()): Promise<BrokerOverview> {
  const range = timeRange(window, now);
  const [health, latest, points] = await Promise.all([
    getSystemHealth(new Date(now)),
    // Every queue sampled within the window is listed, so one that went quiet still shows its last depth.
    listLatestQueueDepths(new Date(now - Math.max(QUEUE_SAMPLE_MAX_AGE_MS, TIME_WINDOWS[window].ms))),
    listQueueDepthHistory(range),
  ]);
  const view = toHealthView(health);
  const url = view.brokerUrl ?? maskUrlCredentials(configuredBrokerUrl());
  const charted = pickChartedQueues(latest, points, CHARTED_QUEUES);
  return {
    health: view,
    url,
    transport: /^(rediss?|sentinel|redis\+sentinel):/i.test(url) ? "redis" : /^(amqps?|pyamqp):/i.test(url) ? "amqp" : "other",
    queues: latest
      .map((sample) => ({ ...sample, sampledAt: sample.sampledAt.getTime(), tone: queueLengthTone(sample.depth, thresholds) }))
      .sort((a, b) => a.queue.localeCompare(b.queue)),
    lastSampleAt: latest.reduce<number | null>((max, sample) => Math.max(max ?? 0, sample.sampledAt.getTime()), null),
    history: { range, queues: charted, rows: pivotQueueHistory(points, bucketStarts(range), charted) },
  };
}

function configuredBrokerUrl(): string {
  try {
    return loadSettings().brokerUrl;
  } catch {
    return "(invalid CELERY_BROKER_URL)";
  }
}
