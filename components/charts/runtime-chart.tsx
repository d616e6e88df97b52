"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis, type DotItemDotProps } from "recharts";
import { formatSeconds } from "@/lib/format/numbers";
import type { SeriesPoint } from "@/lib/rollups/rollup-aggregation";
import { ChartFrame, timeTick } from "./chart-frame";
import { isIsolated } from "./isolated-points";
import { AXIS_TICK, SERIES, TOOLTIP_STYLE } from "./palette";

/** Dots only where a bucket's value has no neighbour to draw a line to (see isolated-points.ts). */
function isolatedDot(series: readonly SeriesPoint[], key: "p50" | "p95", colour: string) {
  const values = series.map((point) => point[key]);
  function IsolatedDot({ cx, cy, index }: DotItemDotProps) {
    if (!isIsolated(values, index) || cx === undefined || cy === undefined) return null;
    return <circle key={`isolated-${key}-${index}`} cx={cx} cy={cy} r={3} fill={colour} stroke="none" />;
  }
  return IsolatedDot;
}

/** p50/p95 per bucket, read from the rollup histograms (bucket upper bounds, so the lines step). */
export function RuntimeChart({ series, bucketSeconds, label }: { series: SeriesPoint[]; bucketSeconds: number; label: string }) {
  const tick = timeTick(bucketSeconds);
  return (
    <ChartFrame label={label}>
      <LineChart responsive style={{ width: "100%", height: "100%" }} data={series} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick} tick={AXIS_TICK} stroke="currentColor" minTickGap={24} />
        <YAxis tick={AXIS_TICK} stroke="currentColor" tickFormatter={(v: number) => formatSeconds(v)} width={64} />
        <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => tick(Number(t))} formatter={(value) => formatSeconds(value === null ? null : Number(value))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line type="stepAfter" dataKey="p50" name="p50" stroke={SERIES.p50} dot={isolatedDot(series, "p50", SERIES.p50)} connectNulls={false} isAnimationActive={false} />
        <Line type="stepAfter" dataKey="p95" name="p95" stroke={SERIES.p95} dot={isolatedDot(series, "p95", SERIES.p95)} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}
