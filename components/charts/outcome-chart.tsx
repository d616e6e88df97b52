"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "@/lib/rollups/rollup-aggregation";
import { ChartFrame, timeTick } from "./chart-frame";
import { AXIS_TICK, SERIES, TOOLTIP_STYLE } from "./palette";

/** Succeeded vs failed per bucket, stacked: the height is the throughput, red is the trouble. */
export function OutcomeChart({ series, bucketSeconds, label }: { series: SeriesPoint[]; bucketSeconds: number; label: string }) {
  const tick = timeTick(bucketSeconds);
  return (
    <ChartFrame label={label}>
      <BarChart responsive style={{ width: "100%", height: "100%" }} data={series} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick} tick={AXIS_TICK} stroke="currentColor" minTickGap={24} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
        <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => tick(Number(t))} cursor={{ fillOpacity: 0.1 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="succeeded" name="Succeeded" stackId="outcome" fill={SERIES.succeeded} isAnimationActive={false} />
        <Bar dataKey="failed" name="Failed" stackId="outcome" fill={SERIES.failed} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
