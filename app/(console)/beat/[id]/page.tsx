import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BeatAutoRefresh } from "@/components/beat/beat-auto-refresh";
import { EntryActions } from "@/components/beat/entry-actions";
import { NextRuns } from "@/components/beat/next-runs";
import { RunHistoryChart } from "@/components/beat/run-history-chart";
import { RunHistoryTable } from "@/components/beat/run-history-table";
import { VerdictBadge } from "@/components/beat/verdict-badge";
import { JsonBlock } from "@/components/ui/json-block";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { SOURCE_LABELS } from "@/lib/beat/beat-entry";
import { decodeSegment } from "@/lib/http/path-segment";
import { getBeatEntryDetail } from "@/lib/services/beat-schedule";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const id = decodeSegment((await params).id);
  return { title: id.slice(id.indexOf(":") + 1) };
}

/** One periodic task: its definition, next runs in both zones, and its run history against the schedule. */
export default async function BeatEntryPage({ params }: { params: Params }) {
  const id = decodeSegment((await params).id);
  const [detail, actor] = await Promise.all([getBeatEntryDetail(id), resolveSessionActor()]);
  if (!detail) notFound();
  const { view, history, nextRuns, windowStart, tolerances, generatedAt } = detail;
  const isAdmin = actor !== null && canAct(actor);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/beat" className="text-sm text-emerald-700 hover:underline dark:text-emerald-400">
          ← Beat
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold tracking-tight break-all sm:text-2xl">{view.name}</h1>
          <VerdictBadge verdict={view.verdict} />
          <BeatAutoRefresh intervalMs={10_000} />
        </div>
      </div>
      <Panel title="Definition" actions={isAdmin ? <EntryActions id={view.id} name={view.name} enabled={view.enabled} canToggle={view.canToggle} /> : null}>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500 dark:text-slate-400">Task</dt>
          <dd className="font-mono text-xs break-all">{view.task}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Schedule</dt>
          <dd>
            {view.scheduleText} <span className="font-mono text-xs text-slate-500 dark:text-slate-400">({view.scheduleSpec})</span>
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">Time zone</dt>
          <dd>{view.timeZone}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Source</dt>
          <dd>
            {SOURCE_LABELS[view.source]} ({view.reportedBy.join(", ")}){view.alsoIn.length > 0 ? `; also in ${view.alsoIn.map((s) => SOURCE_LABELS[s]).join(", ")}` : ""}
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">Enabled</dt>
          <dd>{view.enabled ? "yes" : "no"}{view.oneOff ? " (one-off)" : ""}</dd>
          {view.sourceLastRunAt !== null ? (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Last run (per source)</dt>
              <dd>
                <RelativeTime at={view.sourceLastRunAt} />
                {view.totalRunCount !== null ? ` · ${view.totalRunCount} runs in total` : ""}
              </dd>
            </>
          ) : null}
          {view.description ? (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Description</dt>
              <dd>{view.description}</dd>
            </>
          ) : null}
        </dl>
        <div className="mt-4 grid gap-4 md:grid-cols-3">
          <JsonBlock label="args" value={view.args} />
          <JsonBlock label="kwargs" value={view.kwargs} />
          <JsonBlock label="options" value={view.options} />
        </div>
      </Panel>
      <Panel title="Next runs">
        <NextRuns runs={nextRuns} timeZone={view.timeZone} note={view.timeZoneNote} />
      </Panel>
      <Panel title="Run history">
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
          Since <RelativeTime at={windowStart} />: {view.missed} missed, {view.late} late.
          {tolerances
            ? ` A run counts as late after ${(tolerances.lateMs / 1000).toFixed(1)} s and as missed when nothing came within ${(tolerances.graceMs / 1000).toFixed(1)} s.`
            : ""}
        </p>
        <RunHistoryChart history={history} windowStart={windowStart} now={generatedAt} />
        <div className="mt-4">
          <RunHistoryTable history={history} />
        </div>
      </Panel>
    </div>
  );
}
