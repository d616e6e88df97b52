import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { QueuedWorkView } from "@/components/queued/queued-work-view";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { UnauthenticatedError } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { hostnameSchema } from "@/lib/celery/control-messages";
import { ControlServiceError } from "@/lib/services/control";
import { getQueuedWork, type QueuedWork } from "@/lib/services/queued-work";
import { workerHref } from "@/lib/workers/worker-href";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Queued work" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const workerParam = hostnameSchema.optional().catch(undefined);

/**
 * What the workers hold right now (active, reserved, scheduled), asked with inspect when the
 * page opens and when Refresh is pressed. Useful where the result backend keeps no history:
 * this does not depend on stored events at all. `?worker=` narrows it to one worker.
 */
export default async function QueuedPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).worker;
  const worker = workerParam.parse(typeof raw === "string" ? raw : undefined) ?? null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Queued work</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Tasks the workers hold now: running (active), prefetched and waiting for a pool process (reserved), and waiting for their ETA or countdown
          (scheduled). Messages still in the broker are on the <Link href="/broker" className="text-emerald-700 hover:underline dark:text-emerald-400">Broker</Link> page.
          {worker ? (
            <>
              {" "}
              Showing <Link href={workerHref(worker)} className="font-mono text-emerald-700 hover:underline dark:text-emerald-400">{worker}</Link> only (
              <Link href="/queued" className="text-emerald-700 hover:underline dark:text-emerald-400">all workers</Link>).
            </>
          ) : null}
        </p>
      </div>
      <Suspense fallback={<PanelSkeleton title="Asking the workers…" lines={5} />}>
        <QueuedPanels worker={worker} />
      </Suspense>
    </div>
  );
}

async function QueuedPanels({ worker }: { worker: string | null }) {
  const actor = await resolveSessionActor();
  if (!actor) throw new UnauthenticatedError();
  let initial: QueuedWork | null = null;
  let initialError: string | null = null;
  try {
    initial = await getQueuedWork(actor, worker ? { hostname: worker } : {});
  } catch (error) {
    // The broker down or an unknown worker: said on the page, with Refresh to ask again.
    if (!(error instanceof ControlServiceError)) throw error;
    initialError = error.message;
  }
  return <QueuedWorkView worker={worker} initial={initial} initialError={initialError} />;
}
