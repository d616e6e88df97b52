"use client";

import { RuleBadgeLink } from "@/components/alerts/rule-badge-link";
import { HealthBadge } from "@/components/ui/status-badge";
import { Stat, StatGrid } from "@/components/ui/stat";
import { formatCount, formatPercent, formatRate, formatSeconds } from "@/lib/format/numbers";
import { TIME_WINDOWS, type TimeWindowKey } from "@/lib/dashboard/time-window";
import type { DashboardMetrics } from "@/lib/services/dashboard-metrics";
import { useMetrics } from "./use-dashboard-data";

/** What finished within the chosen window, from the per-minute rollups. */
export function OutcomeStats({ window, initial }: { window: TimeWindowKey; initial: DashboardMetrics }) {
  const { summary } = useMetrics(window, initial);
  const label = TIME_WINDOWS[window].label;
  return (
    <StatGrid label={`Last ${label}`}>
      <Stat label="Processed" value={formatCount(summary.finished)} hint={`${formatCount(summary.succeeded)} succeeded · ${formatCount(summary.failed)} failed`} />
      <Stat label="Success rate" value={formatPercent(summary.successRate)} badge={
          <RuleBadgeLink ruleId="failure-rate" label="Failure rate above 10%">
            <HealthBadge tone={summary.successRateTone} />
          </RuleBadgeLink>
        } />
      <Stat label="Throughput" value={formatRate(summary.throughput)} hint={`finished tasks, last ${label}`} />
      <Stat label="Average runtime" value={formatSeconds(summary.avgRuntime)} badge={
          <RuleBadgeLink ruleId="avg-runtime" label="Average task time above 10 s">
            <HealthBadge tone={summary.avgRuntimeTone} />
          </RuleBadgeLink>
        } />
      <Stat label="p95 runtime" value={formatSeconds(summary.p95Runtime)} hint={`p50 ${formatSeconds(summary.p50Runtime)}`} />
    </StatGrid>
  );
}
