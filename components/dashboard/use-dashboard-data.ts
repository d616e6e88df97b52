"use client";

import { useQuery } from "@tanstack/react-query";
import type { TimeWindowKey } from "@/lib/dashboard/time-window";
import { consoleQueries } from "@/lib/live/console-queries";
import type { DashboardMetrics } from "@/lib/services/dashboard-metrics";
import type { DashboardOverview } from "@/lib/services/dashboard-overview";

/** The server's first copy, kept current by the live stream's invalidations. */
export function useOverview(initial: DashboardOverview): DashboardOverview {
  return useQuery({ ...consoleQueries.dashboardOverview(), initialData: initial }).data;
}

export function useMetrics(window: TimeWindowKey, initial: DashboardMetrics): DashboardMetrics {
  return useQuery({ ...consoleQueries.dashboardMetrics(window), initialData: initial }).data;
}
