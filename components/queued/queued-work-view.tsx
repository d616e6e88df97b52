"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { buttonClass } from "@/components/control/button-styles";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge, type BadgeTone } from "@/components/ui/status-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { consoleQueries } from "@/lib/live/console-queries";
import type { QueuedWork, QueuedWorker } from "@/lib/services/queued-work";
import type { QueuedKind } from "@/lib/workers/queued-work";
import { taskHref, workerHref } from "@/lib/workers/worker-href";

const KIND_LABELS: Record<QueuedKind, string> = { active: "active", reserved: "reserved", scheduled: "scheduled" };
const KIND_TONES: Record<QueuedKind, BadgeTone> = { active: "healthy", reserved: "warning", scheduled: "neutral" };

/**
 * What the workers hold right now, from inspect. Refreshed only when asked: every refresh is a
 * broadcast to the workers, so nothing here follows the live stream.
 */
export function QueuedWorkView({ worker, initial, initialError }: { worker: string | null; initial: QueuedWork | null; initialError: string | null }) {
  const query = useQuery({
    ...consoleQueries.queued(worker),
    ...(initial ? { initialData: initial } : {}),
    // A first answer that failed is not retried behind the user's back: Refresh asks again.
    enabled: initial !== null,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const work = query.data;
  const error = query.isError ? query.error.message : work === undefined ? initialError : null;
  const total = work ? work.workers.reduce((sum, entry) => sum + entry.tasks.length, 0) : 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600 dark:text-slate-400">
        <button type="button" className={buttonClass("neutral")} onClick={() => void query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? "Asking the workers…" : "Refresh"}
        </button>
        {work ? (
          <p role="status">
            {work.workers.length} worker{work.workers.length === 1 ? "" : "s"} answered, {total} task{total === 1 ? "" : "s"} held · asked{" "}
            <RelativeTime at={work.inspectedAt} /> ({work.elapsedMs} ms)
          </p>
        ) : null}
      </div>
      {error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          Could not ask the workers: {error}
          {work ? " Showing the previous answer." : ""}
        </div>
      ) : null}
      {!work ? null : work.workers.length === 0 ? (
        <EmptyState title="No worker answered">
          <p>
            No worker replied to inspect within the timeout (<code className="font-mono">BLOOM_INSPECT_TIMEOUT</code>). Check that workers are running and
            connected to this broker, then refresh.
          </p>
        </EmptyState>
      ) : (
        work.workers.map((entry) => <WorkerQueue key={entry.hostname} entry={entry} />)
      )}
    </div>
  );
}

function WorkerQueue({ entry }: { entry: QueuedWorker }) {
  const summary = `${entry.counts.active} active, ${entry.counts.reserved} reserved, ${entry.counts.scheduled} scheduled`;
  return (
    <Panel
      title={entry.hostname}
      actions={
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
          <span>{summary}</span>
          <Link href={workerHref(entry.hostname)} className="text-emerald-700 hover:underline dark:text-emerald-400">
            Worker page
          </Link>
        </div>
      }
    >
      {entry.message ? (
        <p className="mb-2 text-sm text-amber-800 dark:text-amber-300">
          {entry.status === "no_reply" ? "No answer: " : "Partly answered: "}
          {entry.message}
        </p>
      ) : null}
      {entry.tasks.length === 0 ? (
        entry.status === "no_reply" ? null : <p className="text-sm text-slate-500 dark:text-slate-400">Holds no tasks right now.</p>
      ) : (
        <Table caption={`Tasks held by ${entry.hostname}`}>
          <thead>
            <tr>
              <Th>Kind</Th>
              <Th>Task</Th>
              <Th>UUID</Th>
              <Th>Args</Th>
              <Th>Kwargs</Th>
              <Th>Queue</Th>
              <Th>Started / ETA</Th>
            </tr>
          </thead>
          <tbody>
            {entry.tasks.map((task) => (
              <tr key={`${task.kind}:${task.id}`}>
                <Td>
                  <StatusBadge tone={KIND_TONES[task.kind]}>{KIND_LABELS[task.kind]}</StatusBadge>
                </Td>
                <Td className="font-mono text-xs">{task.name ?? "–"}</Td>
                <Td className="font-mono text-xs">
                  <Link href={taskHref(task.id)} className="text-emerald-700 hover:underline dark:text-emerald-400">
                    {task.id}
                  </Link>
                </Td>
                <Td className="font-mono text-xs">
                  <span className="block max-w-xs truncate" title={task.args}>
                    {task.args}
                  </span>
                </Td>
                <Td className="font-mono text-xs">
                  <span className="block max-w-xs truncate" title={task.kwargs}>
                    {task.kwargs}
                  </span>
                </Td>
                <Td className="font-mono text-xs">{task.routingKey ?? "–"}</Td>
                <Td className="text-xs">
                  {task.kind === "active" && task.startedAt !== null ? (
                    <>
                      started <RelativeTime at={task.startedAt} />
                      {task.workerPid !== null ? ` · pid ${task.workerPid}` : ""}
                    </>
                  ) : task.kind === "scheduled" && task.eta !== null ? (
                    <>
                      due <LocalTime at={task.eta} />
                    </>
                  ) : (
                    "waiting for a pool process"
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Panel>
  );
}
