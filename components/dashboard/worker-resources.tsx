"use client";

import { RuleBadgeLink } from "@/components/alerts/rule-badge-link";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { HealthBadge } from "@/components/ui/status-badge";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { formatBytes, formatCount, formatPercent } from "@/lib/format/numbers";
import type { DashboardOverview } from "@/lib/services/dashboard-overview";
import { workerHref } from "@/lib/workers/worker-href";
import { useOverview } from "./use-dashboard-data";

/** Online workers with their CPU and memory verdicts (from the `stats` inspect reply, when Bloom has one). */
export function WorkerResources({ initial }: { initial: DashboardOverview }) {
  const { workers } = useOverview(initial);
  const online = workers.list.filter((worker) => worker.online);
  return (
    <Panel title="Worker resources" actions={
        <RuleBadgeLink ruleId="worker-cpu" label="Worker CPU above 80%">
          <HealthBadge tone={workers.resourceTone} />
        </RuleBadgeLink>
      }>
      {online.length === 0 ? (
        <EmptyState title="No worker online" />
      ) : (
        <Table caption="Worker resources">
          <thead>
            <tr>
              <Th>Worker</Th>
              <Th align="right">Active</Th>
              <Th>CPU</Th>
              <Th>Memory</Th>
            </tr>
          </thead>
          <tbody>
            {online.map((worker) => (
              <tr key={worker.hostname}>
                <Td>
                  <Link href={workerHref(worker.hostname)} className="font-mono text-xs text-emerald-700 hover:underline dark:text-emerald-400">
                    {worker.hostname}
                  </Link>
                </Td>
                <Td align="right">{formatCount(worker.active)}</Td>
                <Td>
                  <span className="inline-flex items-center gap-2 tabular-nums">
                    {formatPercent(worker.cpuPercent)} <HealthBadge tone={worker.cpuTone} />
                  </span>
                </Td>
                <Td>
                  <span className="inline-flex items-center gap-2 tabular-nums">
                    {formatBytes(worker.memoryBytes)} <HealthBadge tone={worker.memoryTone} />
                  </span>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">CPU is the main process&apos;s average since start; memory its peak resident size (Celery&apos;s rusage).</p>
    </Panel>
  );
}
