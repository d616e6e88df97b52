"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { buttonClass } from "@/components/control/button-styles";
import { QueueDepthChart } from "@/components/charts/queue-depth-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { HealthBadge, StatusBadge } from "@/components/ui/status-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TIME_WINDOWS, type TimeWindowKey } from "@/lib/dashboard/time-window";
import { formatCount } from "@/lib/format/numbers";
import { consoleQueries } from "@/lib/live/console-queries";
import { queryKeys } from "@/lib/query-keys";
import type { BrokerOverview, BrokerQueueView } from "@/lib/services/broker-overview";
import type { ManagementQueueRates } from "@/lib/broker/rabbitmq-management";
import { PurgeQueueForm } from "./purge-queue-form";

/** Connection, queue depths (with RabbitMQ's rates when BLOOM_BROKER_API is set) and their history; admins purge from here. */
export function BrokerView({ window, initial, canPurge }: { window: TimeWindowKey; initial: BrokerOverview; canPurge: boolean }) {
  const broker = useQuery({ ...consoleQueries.broker(window), initialData: initial }).data;
  const queryClient = useQueryClient();
  const [purging, setPurging] = useState<BrokerQueueView | null>(null);
  const { health } = broker;
  const withRates = broker.management.state === "ok";
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
          {broker.management.state !== "off" ? (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Management API</dt>
              <dd className="text-xs break-words">
                {broker.management.state === "ok" ? (
                  <StatusBadge tone="healthy">answering</StatusBadge>
                ) : (
                  <span className="text-red-700 dark:text-red-400">{broker.management.message}</span>
                )}
              </dd>
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
                {withRates ? (
                  <>
                    <Th align="right">Unacked</Th>
                    <Th align="right">Publish/s</Th>
                    <Th align="right">Deliver/s</Th>
                    <Th align="right">Ack/s</Th>
                  </>
                ) : null}
                <Th>Sampled</Th>
                {canPurge ? <Th>Purge</Th> : null}
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
                  {withRates ? (
                    <>
                      <Td align="right">{queue.unacked === null ? "–" : formatCount(queue.unacked)}</Td>
                      <RateCells rates={queue.rates} />
                    </>
                  ) : null}
                  <Td className="text-xs">
                    <RelativeTime at={queue.sampledAt} />
                  </Td>
                  {canPurge ? (
                    <Td>
                      <button type="button" className={buttonClass("neutral")} aria-label={`Purge ${queue.queue}`} onClick={() => setPurging(queue)}>
                        Purge…
                      </button>
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {purging ? (
          <div className="mt-3">
            <PurgeQueueForm
              key={purging.queue}
              target={purging}
              onCancel={() => setPurging(null)}
              onDone={() => {
                setPurging(null);
                void queryClient.invalidateQueries({ queryKey: queryKeys.broker.all() });
              }}
            />
          </div>
        ) : null}
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

function formatRate(rate: number | null): string {
  if (rate === null) return "–";
  return rate >= 100 ? formatCount(Math.round(rate)) : rate.toFixed(1);
}

/** The management API's rates, averaged by RabbitMQ over its last few seconds. */
function RateCells({ rates }: { rates: ManagementQueueRates | null }) {
  return (
    <>
      <Td align="right">{formatRate(rates?.publish ?? null)}</Td>
      <Td align="right">{formatRate(rates?.deliver ?? null)}</Td>
      <Td align="right">{formatRate(rates?.ack ?? null)}</Td>
    </>
  );
}
