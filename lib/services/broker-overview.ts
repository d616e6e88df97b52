import { listManagementQueues, managementApiFor, ManagementApiError, type ManagementQueue, type ManagementQueueRates } from "@/lib/broker/rabbitmq-management";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
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

/** A queue row of the broker page: the sampler's depth, and what the management API adds. */
export type BrokerQueueView = QueueDepthView & {
  /** delivered, not yet acknowledged (management API only) */
  unacked: number | null;
  rates: ManagementQueueRates | null;
};

/** Whether BLOOM_BROKER_API is in use, and how its last answer went. */
export type ManagementState = { state: "off" } | { state: "ok" } | { state: "error"; message: string };

export type BrokerOverview = {
  health: HealthView;
  /** the broker this Bloom watches, password masked */
  url: string;
  transport: "redis" | "amqp" | "other";
  queues: BrokerQueueView[];
  management: ManagementState;
  /** newest sample of any queue; null when the sampler has not written yet */
  lastSampleAt: number | null;
  history: { range: TimeRange; queues: string[]; rows: QueueHistoryRow[] };
};

export async function getBrokerOverview(window: TimeWindowKey, now = Date.now(), thresholds: HealthThresholds = loadHealthThresholds()): Promise<BrokerOverview> {
  const range = timeRange(window, now);
  const [health, latest, points, management] = await Promise.all([
    getSystemHealth(new Date(now)),
    // Every queue sampled within the window is listed, so one that went quiet still shows its last depth.
    listLatestQueueDepths(new Date(now - Math.max(QUEUE_SAMPLE_MAX_AGE_MS, TIME_WINDOWS[window].ms))),
    listQueueDepthHistory(range),
    readManagementQueues(now),
  ]);
  const live = new Map((management.queues ?? []).map((queue) => [queue.queue, queue]));
  const view = toHealthView(health);
  const url = view.brokerUrl ?? maskUrlCredentials(configuredBrokerUrl());
  const charted = pickChartedQueues(latest, points, CHARTED_QUEUES);
  return {
    health: view,
    url,
    transport: /^(rediss?|sentinel|redis\+sentinel):/i.test(url) ? "redis" : /^(amqps?|pyamqp):/i.test(url) ? "amqp" : "other",
    queues: latest
      .map((sample) => ({
        ...sample,
        sampledAt: sample.sampledAt.getTime(),
        tone: queueLengthTone(sample.depth, thresholds),
        unacked: live.get(sample.queue)?.unacked ?? null,
        rates: live.get(sample.queue)?.rates ?? null,
      }))
      .sort((a, b) => a.queue.localeCompare(b.queue)),
    management: management.state,
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

/** The page refreshes on every health report (each second): one API call serves them all for this long. */
const MANAGEMENT_CACHE_MS = 2_000;
type ManagementRead = { state: ManagementState; queues: ManagementQueue[] | null };
let cached: { key: string; at: number; read: Promise<ManagementRead> } | undefined;

/** The management API's queues when BLOOM_BROKER_API is set and the broker is RabbitMQ; its failure is shown, not thrown. */
function readManagementQueues(now: number): Promise<ManagementRead> {
  let apiUrl: string | undefined;
  let brokerUrl: string;
  try {
    ({ brokerApiUrl: apiUrl, brokerUrl } = loadSettings());
  } catch {
    return Promise.resolve({ state: { state: "off" }, queues: null });
  }
  const config = apiUrl ? parseBrokerUrl(brokerUrl) : null;
  if (!apiUrl || config?.transport !== "amqp") return Promise.resolve({ state: { state: "off" }, queues: null });
  const key = `${apiUrl} ${brokerUrl}`;
  if (cached && cached.key === key && now - cached.at < MANAGEMENT_CACHE_MS) return cached.read;
  const read = listManagementQueues(managementApiFor(apiUrl, config)).then(
    (queues): ManagementRead => ({ state: { state: "ok" }, queues }),
    (error: unknown): ManagementRead => {
      if (!(error instanceof ManagementApiError)) throw error;
      return { state: { state: "error", message: error.message }, queues: null };
    },
  );
  cached = { key, at: now, read };
  return read;
}
