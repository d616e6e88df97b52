import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { StatusBadge, type BadgeTone } from "@/components/ui/status-badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { DeliveryLogRow } from "@/lib/repositories/alert-deliveries";
import type { AlertHistoryRow } from "@/lib/repositories/alert-history";
import { ruleHref } from "./rule-href";

const KIND_TONE: Record<string, BadgeTone> = { fired: "critical", resolved: "healthy", acknowledged: "neutral", silenced: "warning", unsilenced: "neutral" };

/** When alerts fired and resolved, and who acknowledged or silenced them. */
export function HistoryTable({ rows, showRule = true }: { rows: AlertHistoryRow[]; showRule?: boolean }) {
  if (rows.length === 0) return <EmptyState title="Nothing has happened yet" />;
  return (
    <Table caption="Alert history">
      <thead>
        <tr>
          <Th>When</Th>
          {showRule ? <Th>Rule</Th> : null}
          <Th>What</Th>
          <Th>By</Th>
          <Th>Details</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <Td className="text-xs whitespace-nowrap">
              <LocalTime at={row.at} />
            </Td>
            {showRule ? (
              <Td>
                <Link href={ruleHref(row.ruleId)} className="text-emerald-700 hover:underline dark:text-emerald-400">
                  {row.ruleName}
                </Link>
              </Td>
            ) : null}
            <Td>
              <StatusBadge tone={KIND_TONE[row.kind] ?? "neutral"}>{row.kind}</StatusBadge>
            </Td>
            <Td className="text-xs">{row.actor ?? "Bloom"}</Td>
            <Td className="text-xs break-words">{row.message}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const STATUS_TONE: Record<string, BadgeTone> = { sent: "healthy", pending: "warning", failed: "critical" };

/** Every notification Bloom sent or tried to send, with the receiver's answer. */
export function DeliveryLogTable({ rows }: { rows: DeliveryLogRow[] }) {
  if (rows.length === 0) return <EmptyState title="No notification sent yet" />;
  return (
    <Table caption="Delivery log">
      <thead>
        <tr>
          <Th>When</Th>
          <Th>Channel</Th>
          <Th>Alert</Th>
          <Th>Kind</Th>
          <Th>Status</Th>
          <Th align="right">Attempts</Th>
          <Th>Answer</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <Td className="text-xs whitespace-nowrap">
              <LocalTime at={row.createdAt} />
            </Td>
            <Td className="text-xs">
              {row.channelName} <span className="text-slate-500">({row.channelType})</span>
            </Td>
            <Td className="text-xs">{row.ruleId ? <Link href={ruleHref(row.ruleId)} className="text-emerald-700 hover:underline dark:text-emerald-400">{row.ruleName ?? row.ruleId}</Link> : (row.ruleName ?? "–")}</Td>
            <Td className="text-xs">{row.kind}</Td>
            <Td>
              <StatusBadge tone={STATUS_TONE[row.status] ?? "neutral"}>{row.status}</StatusBadge>
            </Td>
            <Td align="right">{row.attempts}</Td>
            <Td className="max-w-md text-xs break-words">
              {row.lastError ?? (row.responseStatus !== null ? `HTTP ${row.responseStatus}` : row.status === "sent" ? "accepted" : "")}
              {row.status === "pending" && row.nextAttemptAt !== null ? (
                <span className="block text-slate-500">
                  next try <LocalTime at={row.nextAttemptAt} clockOnly />
                </span>
              ) : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
