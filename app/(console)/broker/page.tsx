import type { Metadata } from "next";
import { Suspense } from "react";
import { BrokerView } from "@/components/broker/broker-view";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { WindowPicker } from "@/components/ui/window-picker";
import { timeWindowParam, type TimeWindowKey } from "@/lib/dashboard/time-window";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { getBrokerOverview } from "@/lib/services/broker-overview";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Broker" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BrokerPage({ searchParams }: { searchParams: SearchParams }) {
  const window = timeWindowParam.parse((await searchParams).window);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Broker</h1>
        <WindowPicker current={window} basePath="/broker" label="History window" />
      </div>
      <Suspense fallback={<PanelSkeleton title="Broker" lines={6} />}>
        <BrokerPanels window={window} />
      </Suspense>
    </div>
  );
}

async function BrokerPanels({ window }: { window: TimeWindowKey }) {
  const [overview, actor] = await Promise.all([getBrokerOverview(window), resolveSessionActor()]);
  return <BrokerView window={window} initial={overview} canPurge={actor !== null && canAct(actor)} />;
}
