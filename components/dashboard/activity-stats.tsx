"use client";

import { RuleBadgeLink } from "@/components/alerts/rule-badge-link";
import { HealthBadge } from "@/components/ui/status-badge";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatCount } from "@/lib/format/numbers";
import type { DashboardOverview } from "@/lib/services/dashboard-overview";
import { useOverview } from "./use-dashboard-data";

/** What the cluster is doing right now (no time window). */
export function ActivityStats({ initial }: { initial: DashboardOverview }) {
  const { workers, queues } = useOverview(initial);
  return (
    <StatGrid label="Now">
      <Stat label="Workers online" value={formatCount(workers.online)} badge={
          <RuleBadgeLink ruleId="workers-offline" label="All workers offline">
            <HealthBadge tone={workers.tone} />
          </RuleBadgeLink>
        } />
      <Stat label="Workers offline" value={formatCount(workers.offline)} />
      <Stat label="Active tasks" value={formatCount(workers.active)} hint="executing, per worker heartbeats" />
      <Stat
        label="Queued"
        value={formatCount(queues.waiting)}
        badge={
          queues.waiting === null ? undefined : (
            <RuleBadgeLink ruleId="queue-depth-critical" label="Queue depth above 50">
              <HealthBadge tone={queues.tone} />
            </RuleBadgeLink>
          )
        }
        hint={queues.waiting === null ? "no recent queue samples" : "waiting in the broker"}
      />
    </StatGrid>
  );
}
