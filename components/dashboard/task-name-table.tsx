"use client";

import { HealthBadge } from "@/components/ui/status-badge";
import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import { formatCount, formatPercent, formatSeconds } from "@/lib/format/numbers";
import type { TimeWindowKey } from "@/lib/dashboard/time-window";
import type { DashboardMetrics } from "@/lib/services/dashboard-metrics";
import { useMetrics } from "./use-dashboard-data";

export function TaskNameTable({ window, initial }: { window: TimeWindowKey; initial: DashboardMetrics }) {
  const { byName, otherNames } = useMetrics(window, initial);
  return (
    <Panel title="Tasks by name">
      {byName.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No task activity in this window.</p>
      ) : (
        <Table caption="Tasks by name">
          <thead>
            <tr>
              <Th>Task</Th>
              <Th align="right">Succeeded</Th>
              <Th align="right">Failed</Th>
              <Th align="right">Retried</Th>
              <Th>Success rate</Th>
              <Th align="right">Average</Th>
              <Th align="right">p95</Th>
            </tr>
          </thead>
          <tbody>
            {byName.map((row) => (
              <tr key={row.name}>
                <Td className="font-mono text-xs break-all">{row.name}</Td>
                <Td align="right">{formatCount(row.succeeded)}</Td>
                <Td align="right">{formatCount(row.failed)}</Td>
                <Td align="right">{formatCount(row.retried)}</Td>
                <Td>
                  <span className="inline-flex items-center gap-2 tabular-nums">
                    {formatPercent(row.successRate)}
                    {row.successRate === null ? null : <HealthBadge tone={row.successRateTone} />}
                  </span>
                </Td>
                <Td align="right">{formatSeconds(row.avgRuntime)}</Td>
                <Td align="right">{formatSeconds(row.p95Runtime)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {otherNames > 0 ? <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">and {formatCount(otherNames)} less busy task names</p> : null}
    </Panel>
  );
}
