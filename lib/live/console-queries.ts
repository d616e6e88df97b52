import { queryOptions } from "@tanstack/react-query";
import type { TimeWindowKey } from "@/lib/dashboard/time-window";
import { withBasePath } from "@/lib/http/base-path";
import type { ErrorBody } from "@/lib/http/errors";
import { queryKeys } from "@/lib/query-keys";
import type { BrokerOverview } from "@/lib/services/broker-overview";
import type { DashboardMetrics } from "@/lib/services/dashboard-metrics";
import type { DashboardOverview } from "@/lib/services/dashboard-overview";
import type { QueuedWork } from "@/lib/services/queued-work";
import type { WorkerDetail } from "@/lib/services/worker-detail";
import type { WorkerSummary } from "@/lib/services/worker-summaries";

/**
 * The console's client-side queries: key (from the factory) and fetcher together, so the
 * component that shows data and the server page that provides its first copy agree.
 * Fetchers call the console's JSON routes (app/api/console), which call the same services
 * the server components do.
 */
async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(withBasePath(url), { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ErrorBody | null;
    throw new Error(body?.error.message ?? `${url} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

export const consoleQueries = {
  dashboardOverview: () => queryOptions({ queryKey: queryKeys.dashboard.overview(), queryFn: () => getJson<DashboardOverview>("/api/console/dashboard/overview") }),
  dashboardMetrics: (window: TimeWindowKey) =>
    queryOptions({ queryKey: queryKeys.dashboard.metrics(window), queryFn: () => getJson<DashboardMetrics>(`/api/console/dashboard/metrics?window=${window}`) }),
  workers: () => queryOptions({ queryKey: queryKeys.workers.list(), queryFn: () => getJson<WorkerSummary[]>("/api/console/workers") }),
  worker: (hostname: string) =>
    queryOptions({ queryKey: queryKeys.workers.detail(hostname), queryFn: () => getJson<WorkerDetail>(`/api/console/workers/${encodeURIComponent(hostname)}`) }),
  queued: (worker: string | null) =>
    queryOptions({
      queryKey: queryKeys.queued.work(worker),
      queryFn: () => getJson<QueuedWork>(`/api/console/queued${worker ? `?worker=${encodeURIComponent(worker)}` : ""}`),
    }),
  broker: (window: TimeWindowKey) => queryOptions({ queryKey: queryKeys.broker.overview(window), queryFn: () => getJson<BrokerOverview>(`/api/console/broker?window=${window}`) }),
};
