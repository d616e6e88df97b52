import { Panel } from "@/components/ui/panel";
import { Table, Td, Th } from "@/components/ui/table";
import type { ActiveQueueView } from "@/lib/workers/inspect-snapshots";
import { NotInspected } from "./not-inspected";

export function WorkerQueues({ queues }: { queues: ActiveQueueView[] | null }) {
  return (
    <Panel title="Active queues">
      {queues === null ? (
        <NotInspected what="queue list" />
      ) : queues.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">This worker consumes from no queue.</p>
      ) : (
        <Table caption="Active queues">
          <thead>
            <tr>
              <Th>Queue</Th>
              <Th>Exchange</Th>
              <Th>Routing key</Th>
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => (
              <tr key={queue.name}>
                <Td className="font-mono text-xs">{queue.name}</Td>
                <Td className="font-mono text-xs">
                  {queue.exchange ?? "–"}
                  {queue.exchangeType ? <span className="text-slate-500 dark:text-slate-400"> ({queue.exchangeType})</span> : null}
                </Td>
                <Td className="font-mono text-xs">{queue.routingKey ?? "–"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Panel>
  );
}
