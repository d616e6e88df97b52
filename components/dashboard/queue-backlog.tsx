"use client";

import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { HealthBadge } from "@/components/ui/status-badge";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, Td, Th } from "@/components/ui/table";
import { formatCount } from "@/lib/format/numbers";
import type { DashboardOverview } from "@/lib/services/dashboard-overview";
import { useOverview } from "./use-dashboard-data";

export function QueueBacklog({ initial }: { initial: DashboardOverview }) {
  const { queues } = useOverview(initial);
  return (
    <Panel
      title="Queue backlog"
      actions={
        <Link href="/broker" className="text-xs text-emerald-700 underline-offset-2 hover:underline dark:text-emerald-400">
          Broker details
        </Link>
      }
    >
      {queues.items.length === 0 ? (
        <EmptyState title="No recent queue samples">
          <p>Queue depths appear here once Bloom&apos;s queue sampler has measured the broker&apos;s queues.</p>
        </EmptyState>
      ) : (
        <Table caption="Queue backlog">
          <thead>
            <tr>
              <Th>Queue</Th>
              <Th align="right">Waiting</Th>
              <Th>Health</Th>
              <Th>Sampled</Th>
            </tr>
          </thead>
          <tbody>
            {queues.items.map((item) => (
              <tr key={item.queue}>
                <Td className="font-mono text-xs">{item.queue}</Td>
                <Td align="right">{formatCount(item.depth)}</Td>
                <Td>
                  <HealthBadge tone={item.tone} />
                </Td>
                <Td className="text-xs text-slate-500 dark:text-slate-400">
                  <RelativeTime at={item.sampledAt} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Panel>
  );
}
