import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { HistoryTable, DeliveryLogTable } from "@/components/alerts/history-table";
import { RuleActions } from "@/components/alerts/rule-actions";
import { RuleForm } from "@/components/alerts/rule-form";
import { PhaseBadge, SeverityBadge } from "@/components/alerts/severity-badge";
import { LocalTime } from "@/components/ui/local-time";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { describeRule, describeScope } from "@/lib/alerts/format";
import { formatMetricValue } from "@/lib/alerts/metrics";
import { canAct } from "@/lib/auth/actor";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { decodeSegment } from "@/lib/http/path-segment";
import { getAlertRuleView } from "@/lib/services/alerts";
import { listAlertChannelViews } from "@/lib/services/alerts-channels";
import { getAlertHistory, getDeliveryLog } from "@/lib/services/alerts-log";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Alert ${decodeSegment((await params).id)}` };
}

/** One rule: its state now, the admin's actions, its settings, what it fired and what was sent. */
export default async function AlertRulePage({ params }: { params: Params }) {
  const id = decodeSegment((await params).id);
  const [rule, actor, channels, history, deliveries] = await Promise.all([
    getAlertRuleView(id),
    resolveSessionActor(),
    listAlertChannelViews(),
    getAlertHistory({ ruleId: id, limit: 50 }),
    getDeliveryLog({ ruleId: id, limit: 50 }),
  ]);
  if (!rule) notFound();
  const isAdmin = actor !== null && canAct(actor);
  const status = rule.status;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-xl font-semibold tracking-tight">{rule.name}</h2>
        <SeverityBadge severity={rule.severity} />
        <PhaseBadge phase={status?.phase ?? null} enabled={rule.enabled} />
      </div>
      <Panel title="Status">
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-slate-500 dark:text-slate-400">Condition</dt>
          <dd>{describeRule(rule)}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Scope</dt>
          <dd className="font-mono text-xs">{describeScope(rule)}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Value now</dt>
          <dd>
            {status ? `${formatMetricValue(rule.metric, status.value)} — ${status.summary ?? ""}` : "not evaluated yet"}
            {status ? (
              <span className="ml-2 text-xs text-slate-500">
                (evaluated <RelativeTime at={status.evaluatedAt} />)
              </span>
            ) : null}
          </dd>
          {status && status.phase !== "ok" ? (
            <>
              <dt className="text-slate-500 dark:text-slate-400">{status.phase === "firing" ? "Firing since" : "Pending since"}</dt>
              <dd>
                <LocalTime at={status.since} />
              </dd>
            </>
          ) : null}
          {status?.acknowledgedBy ? (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Acknowledged</dt>
              <dd>
                by {status.acknowledgedBy}
                {status.acknowledgedAt !== null ? (
                  <>
                    {" "}
                    at <LocalTime at={status.acknowledgedAt} />
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
          {rule.silenced && rule.silencedUntil !== null ? (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Silenced</dt>
              <dd>
                until <LocalTime at={rule.silencedUntil} /> by {rule.silencedBy ?? "?"}
                {rule.silenceReason ? ` — ${rule.silenceReason}` : ""}
              </dd>
            </>
          ) : null}
        </dl>
        {status && status.subjects.length > 0 ? (
          <ul className="mt-3 space-y-0.5 text-sm" aria-label="Behind the value">
            {status.subjects.map((subject) => (
              <li key={subject.name}>
                <code className="text-xs">{subject.name}</code> {subject.value}
              </li>
            ))}
          </ul>
        ) : null}
        {rule.description ? <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{rule.description}</p> : null}
        {isAdmin ? (
          <div className="mt-4 border-t border-slate-200 pt-4 dark:border-slate-800">
            <RuleActions
              ruleId={rule.id}
              ruleName={rule.name}
              firing={status?.phase === "firing"}
              acknowledged={status?.acknowledgedBy !== null && status?.acknowledgedBy !== undefined}
              silenced={rule.silenced}
              builtin={rule.builtin}
            />
          </div>
        ) : null}
      </Panel>
      {isAdmin ? (
        <Panel title="Settings">
          <RuleForm ruleId={rule.id} initial={rule} channels={channels.map((channel) => ({ id: channel.id, name: channel.name }))} />
        </Panel>
      ) : null}
      <Panel title="History">
        <HistoryTable rows={history} showRule={false} />
      </Panel>
      <Panel title="Notifications">
        <DeliveryLogTable rows={deliveries} />
      </Panel>
    </div>
  );
}
