import { Suspense, type ReactNode } from "react";
import { ActivityStats } from "@/components/dashboard/activity-stats";
import { GettingStarted } from "@/components/dashboard/getting-started";
import { HealthCards } from "@/components/dashboard/health-cards";
import { MetricCharts } from "@/components/dashboard/metric-charts";
import { OutcomeStats } from "@/components/dashboard/outcome-stats";
import { QueueBacklog } from "@/components/dashboard/queue-backlog";
import { TaskNameTable } from "@/components/dashboard/task-name-table";
import { WorkerResources } from "@/components/dashboard/worker-resources";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { WindowPicker } from "@/components/ui/window-picker";
import { timeWindowParam } from "@/lib/dashboard/time-window";
import { getDashboardMetrics, type DashboardMetrics } from "@/lib/services/dashboard-metrics";
import { getDashboardOverview, type DashboardOverview } from "@/lib/services/dashboard-overview";

export type DashboardSearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The dashboard, served at both / and /dashboard. Two reads feed it (the always-current
 * overview and the window's rollups); each panel awaits the one it needs inside its own
 * Suspense boundary, so the page streams panel by panel and each read happens once.
 */
export async function DashboardView({ searchParams, basePath }: { searchParams: DashboardSearchParams; basePath: string }) {
  const window = timeWindowParam.parse((await searchParams).window);
  const overview = getDashboardOverview();
  const metrics = getDashboardMetrics(window);
  // Both are awaited below; this keeps a rejection from being reported as unhandled before then.
  overview.catch(() => undefined);
  metrics.catch(() => undefined);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
        <WindowPicker current={window} basePath={basePath} />
      </div>
      <Suspense fallback={null}>
        <WithOverview data={overview} render={(initial) => <GettingStarted initial={initial} />} />
      </Suspense>
      <Suspense fallback={<PanelSkeleton title="Health" lines={4} />}>
        <WithOverview data={overview} render={(initial) => <HealthCards initial={initial} />} />
      </Suspense>
      <Suspense fallback={<PanelSkeleton title="Now" lines={2} />}>
        <WithOverview data={overview} render={(initial) => <ActivityStats initial={initial} />} />
      </Suspense>
      <Suspense fallback={<PanelSkeleton title="Outcomes" lines={2} />}>
        <WithMetrics data={metrics} render={(initial) => <OutcomeStats window={window} initial={initial} />} />
      </Suspense>
      <Suspense fallback={<PanelSkeleton title="Charts" chart />}>
        <WithMetrics data={metrics} render={(initial) => <MetricCharts window={window} initial={initial} />} />
      </Suspense>
      <div className="grid gap-4 lg:grid-cols-2">
        <Suspense fallback={<PanelSkeleton title="Queue backlog" />}>
          <WithOverview data={overview} render={(initial) => <QueueBacklog initial={initial} />} />
        </Suspense>
        <Suspense fallback={<PanelSkeleton title="Worker resources" />}>
          <WithOverview data={overview} render={(initial) => <WorkerResources initial={initial} />} />
        </Suspense>
      </div>
      <Suspense fallback={<PanelSkeleton title="Tasks by name" lines={5} />}>
        <WithMetrics data={metrics} render={(initial) => <TaskNameTable window={window} initial={initial} />} />
      </Suspense>
    </div>
  );
}

async function WithOverview({ data, render }: { data: Promise<DashboardOverview>; render: (initial: DashboardOverview) => ReactNode }) {
  return render(await data);
}

async function WithMetrics({ data, render }: { data: Promise<DashboardMetrics>; render: (initial: DashboardMetrics) => ReactNode }) {
  return render(await data);
}

