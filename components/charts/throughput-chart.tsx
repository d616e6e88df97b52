"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { formatRate } from "@/lib/format/numbers";
import type { SeriesPoint } from "@/lib/rollups/rollup-aggregation";
import { ChartFrame, timeTick } from "./chart-frame";
import { AXIS_TICK, SERIES, TOOLTIP_STYLE } from "./palette";

export function ThroughputChart({ series, bucketSeconds, label }: { series: SeriesPoint[]; bucketSeconds: number; label: string }) {
  const tick = timeTick(bucketSeconds);
  return (
    <ChartFrame label={label}>
      <AreaChart responsive style={{ width: "100%", height: "100%" }} data={series} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick} tick={AXIS_TICK} stroke="currentColor" minTickGap={24} />
        <YAxis tick={AXIS_TICK} stroke="currentColor" />
        <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => tick(Number(t))} formatter={(value) => formatRate(Number(value))} />
        <Area type="linear" dataKey="throughput" name="Finished tasks" stroke={SERIES.throughput} fill={SERIES.throughput} fillOpacity={0.2} isAnimationActive={false} />
      </AreaChart>
    </ChartFrame>
  );
}
