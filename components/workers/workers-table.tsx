"use client";

import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { HealthBadge } from "@/components/ui/status-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { formatBytes, formatCount, formatPercent } from "@/lib/format/numbers";
import type { WorkerSummary } from "@/lib/services/worker-summaries";
import { workerHref } from "@/lib/workers/worker-href";
import { useWorkers } from "./use-worker-data";
import { WorkerStatus } from "./worker-status";

export function WorkersTable({ initial }: { initial: WorkerSummary[] }) {
  const workers = useWorkers(initial);
  if (workers.length === 0) {
    return (
      <EmptyState title="No workers yet">
        <p>
          Workers appear when Bloom receives their events. Start them with <code className="font-mono text-xs">-E</code> (or{" "}
          <code className="font-mono text-xs">worker_send_task_events = True</code>).
        </p>
      </EmptyState>
    );
  }
  return (
    <Table caption="Workers">
      <thead>
        <tr>
          <Th>Status</Th>
          <Th>Worker</Th>
          <Th>Pool</Th>
          <Th align="right">Concurrency</Th>
          <Th align="right">Active</Th>
          <Th align="right">Processed</Th>
          <Th>Load average</Th>
          <Th>Heartbeat</Th>
          <Th>CPU / memory</Th>
          <Th>Queues</Th>
        </tr>
      </thead>
      <tbody>
        {workers.map((worker) => (
          // Gone workers stay listed, greyed, so an admin sees what went away and when.
          <tr key={worker.hostname} className={worker.online ? "" : "text-slate-400 dark:text-slate-500"}>
            <Td>
              <WorkerStatus online={worker.online} wentAwayAt={worker.wentAwayAt} />
            </Td>
            <Td>
              <Link href={workerHref(worker.hostname)} className="font-mono text-xs text-emerald-700 hover:underline dark:text-emerald-400">
                {worker.hostname}
              </Link>
              {worker.software ? <div className="text-xs text-slate-500 dark:text-slate-400">{worker.software}</div> : null}
            </Td>
            <Td>{worker.poolType ?? "–"}</Td>
            <Td align="right">{formatCount(worker.concurrency)}</Td>
            <Td align="right">{formatCount(worker.active)}</Td>
            <Td align="right">{formatCount(worker.processed)}</Td>
            <Td className="font-mono text-xs">{worker.loadavg ? worker.loadavg.map((n) => n.toFixed(2)).join(" ") : "–"}</Td>
            <Td className="text-xs">{worker.lastHeartbeat === null ? "never" : <RelativeTime at={worker.lastHeartbeat} />}</Td>
            <Td>
              {worker.cpuPercent === null && worker.memoryBytes === null ? (
                <span className="text-xs text-slate-500 dark:text-slate-400">not inspected</span>
              ) : (
                <span className="inline-flex flex-wrap items-center gap-1.5 text-xs tabular-nums">
                  {formatPercent(worker.cpuPercent)} <HealthBadge tone={worker.cpuTone} /> {formatBytes(worker.memoryBytes)} <HealthBadge tone={worker.memoryTone} />
                </span>
              )}
            </Td>
            <Td className="font-mono text-xs">{worker.queues ? worker.queues.join(", ") || "none" : "–"}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
