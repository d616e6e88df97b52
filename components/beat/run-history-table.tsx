import Link from "next/link";
import { StateBadge } from "@/components/tasks/state-badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { HistoryItem } from "@/lib/beat/run-analysis";
import { RunStatusBadge } from "./verdict-badge";
import { ZonedTime } from "./zoned-time-text";

/** Newest first: each expected run and the task that answered it (or none). */
export function RunHistoryTable({ history, limit = 100 }: { history: HistoryItem[]; limit?: number }) {
  const rows = [...history].reverse().slice(0, limit);
  return (
    <Table caption="Run history">
      <thead>
        <tr>
          <Th>Expected</Th>
          <Th>Sent</Th>
          <Th align="right">Delay</Th>
          <Th>Verdict</Th>
          <Th>Task</Th>
          <Th align="right">Runtime</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((item, index) => (
          <tr key={`${item.expectedAt ?? "x"}-${item.run?.taskId ?? item.run?.at ?? index}`}>
            <Td className="text-xs">{item.expectedAt === null ? "–" : <ZonedTime at={item.expectedAt} />}</Td>
            <Td className="text-xs">{item.run ? <ZonedTime at={item.run.at} /> : "–"}</Td>
            <Td align="right" className="text-xs">
              {item.delayMs === null ? "–" : `${(item.delayMs / 1000).toFixed(2)} s`}
            </Td>
            <Td>
              <RunStatusBadge status={item.status} />
            </Td>
            <Td className="text-xs">
              {item.run?.taskId ? (
                <span className="inline-flex items-center gap-1.5">
                  <Link href={`/task/${item.run.taskId}`} className="font-mono text-emerald-700 hover:underline dark:text-emerald-400">
                    {item.run.taskId.slice(0, 8)}
                  </Link>
                  {item.run.state ? <StateBadge state={item.run.state} /> : null}
                </span>
              ) : item.run ? (
                "per source's last run"
              ) : (
                "–"
              )}
            </Td>
            <Td align="right" className="text-xs">
              {item.run?.runtime === null || item.run?.runtime === undefined ? "–" : `${item.run.runtime.toFixed(3)} s`}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
