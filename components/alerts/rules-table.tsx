import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, Td, Th } from "@/components/ui/table";
import { describeRule, describeScope } from "@/lib/alerts/format";
import type { AlertRuleView } from "@/lib/services/alerts";
import { ruleHref } from "./rule-href";
import { PhaseBadge, SeverityBadge } from "./severity-badge";

/** Every rule with its live state; the name links to the rule's page. */
export function RulesTable({ rules }: { rules: AlertRuleView[] }) {
  if (rules.length === 0) return <EmptyState title="No alert rules" />;
  return (
    <Table caption="Alert rules">
      <thead>
        <tr>
          <Th>Rule</Th>
          <Th>Severity</Th>
          <Th>Condition</Th>
          <Th>Scope</Th>
          <Th>State</Th>
          <Th>Channels</Th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => (
          <tr key={rule.id}>
            <Td>
              <Link href={ruleHref(rule.id)} className="font-medium text-emerald-700 hover:underline dark:text-emerald-400">
                {rule.name}
              </Link>
            </Td>
            <Td>
              <SeverityBadge severity={rule.severity} />
            </Td>
            <Td className="text-xs">{describeRule(rule)}</Td>
            <Td className="font-mono text-xs">{describeScope(rule)}</Td>
            <Td>
              <span className="inline-flex flex-wrap items-center gap-1">
                <PhaseBadge phase={rule.status?.phase ?? null} enabled={rule.enabled} />
                {rule.silenced ? <StatusBadge tone="neutral">silenced</StatusBadge> : null}
                {rule.status?.phase === "firing" ? (
                  <span className="text-xs text-slate-500 dark:text-slate-400">
                    <RelativeTime at={rule.status.since} />
                  </span>
                ) : null}
              </span>
            </Td>
            <Td className="text-xs">{rule.channels.length === 0 ? <span className="text-slate-500 dark:text-slate-400">console only</span> : rule.channels.map((channel) => channel.name).join(", ")}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** What is firing now, each with its summary; nothing when all is quiet. */
export function FiringList({ rules }: { rules: AlertRuleView[] }) {
  const firing = rules.filter((rule) => rule.status?.phase === "firing");
  if (firing.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No alert is firing.</p>;
  return (
    <ul className="space-y-2" aria-label="Firing alerts">
      {firing.map((rule) => (
        <li key={rule.id} className="flex flex-wrap items-baseline gap-2">
          <SeverityBadge severity={rule.severity} />
          <Link href={ruleHref(rule.id)} className="font-medium text-emerald-700 hover:underline dark:text-emerald-400">
            {rule.name}
          </Link>
          <span className="text-sm text-slate-600 dark:text-slate-400">{rule.status?.summary}</span>
          {rule.status?.acknowledgedBy ? <span className="text-xs text-slate-500">acknowledged by {rule.status.acknowledgedBy}</span> : null}
          {rule.silenced ? <StatusBadge tone="neutral">silenced</StatusBadge> : null}
        </li>
      ))}
    </ul>
  );
}
