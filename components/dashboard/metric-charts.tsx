"use client";

import { OutcomeChart } from "@/components/charts/outcome-chart";
import { RuntimeChart } from "@/components/charts/runtime-chart";
import { TaskNameChart } from "@/components/charts/task-name-chart";
import { ThroughputChart } from "@/components/charts/throughput-chart";
import { Panel } from "@/components/ui/panel";
import { formatCount, formatRate, formatSeconds } from "@/lib/format/numbers";
import { TIME_WINDOWS, type TimeWindowKey } from "@/lib/dashboard/time-window";
import type { DashboardMetrics } from "@/lib/services/dashboard-metrics";
import { useMetrics } from "./use-dashboard-data";

/** The window's charts; each chart's label states its headline figures for readers who cannot see it. */
export function MetricCharts({ window, initial }: { window: TimeWindowKey; initial: DashboardMetrics }) {
  const { series, summary, byName, range } = useMetrics(window, initial);
  const span = `over the last ${TIME_WINDOWS[window].label}`;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Panel title="Succeeded vs failed">
        <OutcomeChart series={series} bucketSeconds={range.bucketSeconds} label={`${formatCount(summary.succeeded)} succeeded and ${formatCount(summary.failed)} failed ${span}`} />
      </Panel>
      <Panel title="Throughput">
        <ThroughputChart series={series} bucketSeconds={range.bucketSeconds} label={`${formatRate(summary.throughput)} finished tasks on average ${span}`} />
      </Panel>
      <Panel title="Runtime p50 / p95">
        <RuntimeChart
          series={series}
          bucketSeconds={range.bucketSeconds}
          label={`Runtime of successful tasks ${span}: p50 ${formatSeconds(summary.p50Runtime)}, p95 ${formatSeconds(summary.p95Runtime)}`}
        />
      </Panel>
      <Panel title="By task name">
        {byName.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No task finished {span}.</p>
        ) : (
          <TaskNameChart rows={byName} label={`Finished tasks per name ${span}; the table below lists them`} />
        )}
      </Panel>
    </div>
  );
}
