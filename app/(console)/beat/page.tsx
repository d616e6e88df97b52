import type { Metadata } from "next";
import { Suspense } from "react";
import { BeatAutoRefresh } from "@/components/beat/beat-auto-refresh";
import { BeatFilters } from "@/components/beat/beat-filters";
import { BeatSources } from "@/components/beat/beat-sources";
import { BeatTable } from "@/components/beat/beat-table";
import { Panel } from "@/components/ui/panel";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { HealthBadge } from "@/components/ui/status-badge";
import { beatFilterParams, filterBeatEntries, type BeatFilter } from "@/lib/beat/beat-filter";
import { getBeatOverview } from "@/lib/services/beat-schedule";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Beat" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Every periodic task from every beat source, checked against the tasks that really ran. */
export default async function BeatPage({ searchParams }: { searchParams: SearchParams }) {
  const filter = beatFilterParams.parse(await searchParams);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Beat</h1>
        <BeatAutoRefresh />
      </div>
      <BeatFilters filter={filter} />
      <Suspense fallback={<PanelSkeleton title="Periodic tasks" lines={6} />}>
        <BeatPanels filter={filter} />
      </Suspense>
    </div>
  );
}

async function BeatPanels({ filter }: { filter: BeatFilter }) {
  const overview = await getBeatOverview();
  const entries = filterBeatEntries(overview.entries, filter);
  return (
    <>
      <Panel title="Periodic tasks" actions={<HealthBadge tone={overview.health.tone} />}>
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{overview.health.message}</p>
        <BeatTable entries={entries} />
      </Panel>
      <Panel title="Sources">
        <BeatSources sources={overview.sources} />
      </Panel>
    </>
  );
}
