import type { Metadata } from "next";
import { Suspense } from "react";
import { Panel } from "@/components/ui/panel";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { WorkersTable } from "@/components/workers/workers-table";
import { listWorkerSummaries } from "@/lib/services/worker-summaries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workers" };

export default function WorkersPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Workers</h1>
      <Suspense fallback={<PanelSkeleton title="All workers" lines={6} />}>
        <WorkersPanel />
      </Suspense>
    </div>
  );
}

async function WorkersPanel() {
  const workers = await listWorkerSummaries();
  return (
    <Panel title="All workers">
      <WorkersTable initial={workers} />
    </Panel>
  );
}
