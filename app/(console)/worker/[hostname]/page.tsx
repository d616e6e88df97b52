import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { WorkerDetailView } from "@/components/workers/worker-detail-view";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { decodeSegment } from "@/lib/http/path-segment";
import { getWorkerDetail } from "@/lib/services/worker-detail";

export const dynamic = "force-dynamic";

type Params = Promise<{ hostname: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: decodeSegment((await params).hostname) };
}

/**
 * One worker. Every panel comes from one read (the worker row and its newest tasks), awaited
 * before rendering so an unknown hostname answers 404; loading.tsx is the skeleton meanwhile.
 */
export default async function WorkerPage({ params }: { params: Params }) {
  const hostname = decodeSegment((await params).hostname);
  const [worker, actor] = await Promise.all([getWorkerDetail(hostname), resolveSessionActor()]);
  if (!worker) notFound();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/workers" className="text-sm text-emerald-700 hover:underline dark:text-emerald-400">
          ← Workers
        </Link>
        <h1 className="mt-1 font-mono text-xl font-semibold tracking-tight break-all sm:text-2xl">{worker.hostname}</h1>
        <Link href={`/queued?worker=${encodeURIComponent(worker.hostname)}`} className="text-sm text-emerald-700 hover:underline dark:text-emerald-400">
          Active, reserved and scheduled tasks (asks the worker now) →
        </Link>
      </div>
      <WorkerDetailView initial={worker} canAct={actor !== null && canAct(actor)} />
    </div>
  );
}
