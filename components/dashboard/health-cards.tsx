"use client";

import { RuleBadgeLink } from "@/components/alerts/rule-badge-link";
import Link from "next/link";
import { BeatHealthPanel } from "@/components/beat/beat-health-panel";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { HealthBadge, StatusBadge } from "@/components/ui/status-badge";
import { formatCount } from "@/lib/format/numbers";
import type { DashboardOverview } from "@/lib/services/dashboard-overview";
import { useOverview } from "./use-dashboard-data";

/** Broker connection, ingest health and worker availability: the three things that make every other figure trustworthy. */
export function HealthCards({ initial }: { initial: DashboardOverview }) {
  const { health, workers, beat } = useOverview(initial);
  return (
    <div className="grid gap-4 md:grid-cols-3">
      <Panel title="Broker">
        <p className="flex min-w-0 flex-wrap items-center gap-2">
          <RuleBadgeLink ruleId="broker-unavailable" label="Broker unavailable">
            <StatusBadge tone={health.brokerTone}>{health.broker}</StatusBadge>
          </RuleBadgeLink>
          {health.brokerUrl ? <code className="min-w-0 truncate text-xs text-slate-500 dark:text-slate-400">{health.brokerUrl}</code> : null}
        </p>
        {health.brokerError ? <p className="mt-2 text-xs break-words text-red-700 dark:text-red-400">{health.brokerError}</p> : null}
        {health.database === "down" ? (
          <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-400">
            The database is unavailable; figures may be missing.
          </p>
        ) : health.ingest !== "running" ? (
          <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">{health.ingest === "stale" ? "The ingest worker stopped reporting." : "The ingest worker has not reported yet."}</p>
        ) : null}
      </Panel>
      <Panel title="Ingest" actions={<StatusBadge tone={health.ingestTone}>{health.ingest}</StatusBadge>}>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500 dark:text-slate-400">Lag</dt>
          <dd className="font-mono">{health.lagMs === null ? "–" : `${formatCount(health.lagMs)} ms`}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Events/s</dt>
          <dd className="font-mono">{health.eventsPerSec.toFixed(1)}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Events ingested</dt>
          <dd className="font-mono">{formatCount(health.eventsTotal)}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Dead letters</dt>
          <dd className="font-mono">{formatCount(health.deadLetters)}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Last event</dt>
          <dd className="font-mono">{health.lastEventAt === null ? "none yet" : <RelativeTime at={health.lastEventAt} />}</dd>
        </dl>
      </Panel>
      <Panel title="Workers" actions={
          <RuleBadgeLink ruleId="workers-offline" label="All workers offline">
            <HealthBadge tone={workers.tone} />
          </RuleBadgeLink>
        }>
        <p className="text-sm">
          <span className="text-2xl font-semibold tabular-nums">{workers.online}</span> online
          <span className="mx-2 text-slate-400">·</span>
          <span className="tabular-nums">{workers.offline}</span> offline
        </p>
        {workers.online === 0 && workers.offline > 0 ? (
          <p className="mt-2 text-xs text-red-700 dark:text-red-400">Every known worker is offline: nothing is consuming tasks.</p>
        ) : null}
        <p className="mt-2 text-xs">
          <Link href="/workers" className="text-emerald-700 hover:underline dark:text-emerald-400">
            All workers
          </Link>
        </p>
      </Panel>
      <BeatHealthPanel beat={beat} />
    </div>
  );
}
