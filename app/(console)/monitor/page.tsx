import type { Metadata } from "next";
import { Suspense } from "react";
import { MonitorView } from "@/components/monitor/monitor-view";
import { PanelSkeleton } from "@/components/ui/skeleton";
import type { MonitorFilters } from "@/lib/monitor/event-line";
import { parseMonitorFilters } from "@/lib/monitor/monitor-params";
import { listRecentMonitorEvents } from "@/lib/services/monitor-feed";
import { listWorkerSummaries } from "@/lib/services/worker-summaries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Monitor" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MonitorPage({ searchParams }: { searchParams: SearchParams }) {
  const filters = parseMonitorFilters(await searchParams);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Monitor</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Task events as Bloom stores them, live.</p>
      </div>
      <Suspense fallback={<PanelSkeleton title="Events" lines={10} />}>
        <MonitorPanel filters={filters} />
      </Suspense>
    </div>
  );
}

async function MonitorPanel({ filters }: { filters: MonitorFilters }) {
  const [events, workers] = await Promise.all([listRecentMonitorEvents(), listWorkerSummaries()]);
  return <MonitorView initialEvents={events} filters={filters} workers={workers.map((worker) => worker.hostname)} />;
}
