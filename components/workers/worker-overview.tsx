"use client";

import type { ReactNode } from "react";
import { HealthBadge } from "@/components/ui/status-badge";
import { Panel } from "@/components/ui/panel";
import { LocalTime } from "@/components/ui/local-time";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatBytes, formatCount, formatPercent, formatSeconds } from "@/lib/format/numbers";
import type { WorkerDetail } from "@/lib/services/worker-detail";
import { WorkerStatus } from "./worker-status";

export function WorkerOverview({ worker }: { worker: WorkerDetail }) {
  const rows: [string, ReactNode][] = [
    ["Status", <WorkerStatus key="s" online={worker.online} wentAwayAt={worker.wentAwayAt} />],
    ["Software", worker.software ?? "–"],
    ["PID", worker.pid === null ? "–" : String(worker.pid)],
    ["Pool", worker.poolType ?? "–"],
    ["Concurrency", formatCount(worker.concurrency)],
    ["Pool processes", worker.processes.length ? worker.processes.join(", ") : "–"],
    ["Prefetch count", formatCount(worker.prefetchCount)],
    ["Active", formatCount(worker.active)],
    ["Processed", formatCount(worker.processed)],
    ["Load average", worker.loadavg ? worker.loadavg.map((n) => n.toFixed(2)).join(" ") : "–"],
    ["Last heartbeat", worker.lastHeartbeat === null ? "never" : <RelativeTime key="h" at={worker.lastHeartbeat} />],
    ["Heartbeat interval", `${worker.freq} s`],
    ["Online since", worker.onlineAt === null ? "–" : <LocalTime key="o" at={worker.onlineAt} />],
    ["Uptime", formatSeconds(worker.uptimeSeconds)],
    [
      "CPU (main process)",
      <span key="c" className="inline-flex items-center gap-2">
        {formatPercent(worker.cpuPercent)} <HealthBadge tone={worker.cpuTone} />
      </span>,
    ],
    [
      "Peak memory (main process)",
      <span key="m" className="inline-flex items-center gap-2">
        {formatBytes(worker.memoryBytes)} <HealthBadge tone={worker.memoryTone} />
      </span>,
    ],
    ["Broker transport", worker.transport ?? "–"],
    ["Inspected", worker.inspectedAt === null ? "not yet" : <RelativeTime key="i" at={worker.inspectedAt} />],
  ];
  return (
    <Panel title="Overview">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {rows.map(([label, value]) => (
          <div key={label} className="flex min-w-0 justify-between gap-3 border-b border-slate-100 pb-1 dark:border-slate-800/60">
            <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
            <dd className="min-w-0 text-right break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
