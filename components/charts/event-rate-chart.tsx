"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock } from "@/lib/format/relative-time";
import type { RatePoint } from "@/lib/monitor/rate-window";
import { ChartFrame } from "./chart-frame";
import { AXIS_TICK, SERIES, TOOLTIP_STYLE } from "./palette";

export function EventRateChart({ points, label }: { points: RatePoint[]; label: string }) {
  return (
    <ChartFrame label={label} height={160}>
      <BarChart responsive style={{ width: "100%", height: "100%" }} data={points} margin={{ top: 4, right: 8, bottom: 0, left: -20 }} barCategoryGap={1}>
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
        <XAxis dataKey="t" tickFormatter={(t: number) => formatClock(t)} tick={AXIS_TICK} stroke="currentColor" minTickGap={40} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
        <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => formatClock(Number(t))} cursor={{ fillOpacity: 0.1 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="succeeded" name="Succeeded/s" stackId="r" fill={SERIES.succeeded} isAnimationActive={false} />
        <Bar dataKey="failed" name="Failed/s" stackId="r" fill={SERIES.failed} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
