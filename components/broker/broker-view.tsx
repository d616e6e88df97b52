"use client";

import { useQuery } from "@tanstack/react-query";
import { QueueDepthChart } from "@/components/charts/queue-depth-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { HealthBadge, StatusBadge } from "@/components/ui/status-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TIME_WINDOWS, type TimeWindowKey } from "@/lib/dashboard/time-window";
import { formatCount } from "@/lib/format/numbers";
import { consoleQueries } from "@/lib/live/console-queries";
import type { BrokerOverview } from "@/lib/services/broker-overview";

/** Connection, queue depths and their history; purging arrives with the control layer. */
export function BrokerView({ window, initial }: { window: TimeWindowKey; initial: BrokerOverview }) {
  const broker = useQuery({ ...consoleQueries.broker(window), initialData: initial }).data;
  const { health } = broker;
  return (
    <div className="space-y-4">
      <Panel title="Connection">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-slate-500 dark:text-slate-400">Status</dt>
          <dd>
            <StatusBadge tone={health.brokerTone}>{health.broker}</StatusBadge>
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">URL</dt>
          <dd className="min-w-0 font-mono text-xs break-all">{broker.url}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Transport</dt>
          <dd>{broker.transport === "amqp" ? "RabbitMQ (AMQP)" : broker.transport === "redis" ? "Redis" : "other"}</dd>
          {health.brokerError ? (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Last error</dt>
              <dd className="text-xs break-words text-red-700 dark:text-red-400">{health.brokerError}</dd>
            </>
          ) : null}
          <dt className="text-slate-500 dark:text-slate-400">Reported</dt>
          <dd className="text-xs">{health.reportedAt === null ? "the ingest worker has not reported yet" : <RelativeTime at={health.reportedAt} />}</dd>
        </dl>
      </Panel>
      <Panel title="Queues">
        {broker.queues.length === 0 ? (
          <EmptyState title="No queue samples yet">
            <p>Queue depths appear once Bloom&apos;s queue sampler has measured the broker (every few seconds while Bloom runs).</p>
          </EmptyState>
        ) : (
          <Table caption="Queues">
            <thead>
              <tr>
                <Th>Queue</Th>
                <Th align="right">Messages</Th>
                <Th>Health</Th>
                <Th align="right">Consumers</Th>
                <Th>Sampled</Th>
              </tr>
            </thead>
            <tbody>
              {broker.queues.map((queue) => (
                <tr key={queue.queue}>
                  <Td className="font-mono text-xs">{queue.queue}</Td>
                  <Td align="right">{formatCount(queue.depth)}</Td>
                  <Td>
                    <HealthBadge tone={queue.tone} />
                  </Td>
                  <Td align="right">{queue.consumers === null ? "–" : formatCount(queue.consumers)}</Td>
                  <Td className="text-xs">
                    <RelativeTime at={queue.sampledAt} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
      <Panel title="Queue depth history">
        {broker.history.queues.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No samples in the last {TIME_WINDOWS[window].label}.</p>
        ) : (
          <QueueDepthChart
            rows={broker.history.rows}
            queues={broker.history.queues}
            bucketSeconds={broker.history.range.bucketSeconds}
            label={`Deepest sample per interval of ${broker.history.queues.join(", ")} over the last ${TIME_WINDOWS[window].label}`}
          />
        )}
      </Panel>
    </div>
  );
}
