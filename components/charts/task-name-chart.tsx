"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { TaskNameSummary } from "@/lib/rollups/rollup-aggregation";
import { ChartFrame } from "./chart-frame";
import { AXIS_TICK, SERIES, TOOLTIP_STYLE } from "./palette";

/** Finished tasks per name, busiest on top; long dotted names keep their last part. */
export function TaskNameChart({ rows, label }: { rows: TaskNameSummary[]; label: string }) {
  const data = rows.slice(0, 8).map((row) => ({ name: shortName(row.name), full: row.name, succeeded: row.succeeded, failed: row.failed }));
  return (
    <ChartFrame label={label} height={Math.max(120, data.length * 28 + 48)}>
      <BarChart responsive style={{ width: "100%", height: "100%" }} data={data} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
        <YAxis type="category" dataKey="name" width={110} tick={AXIS_TICK} stroke="currentColor" />
        <Tooltip contentStyle={TOOLTIP_STYLE} cursor={{ fillOpacity: 0.1 }} labelFormatter={(_label, payload) => String(payload[0]?.payload?.full ?? "")} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="succeeded" name="Succeeded" stackId="n" fill={SERIES.succeeded} isAnimationActive={false} />
        <Bar dataKey="failed" name="Failed" stackId="n" fill={SERIES.failed} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}

function shortName(name: string): string {
  const last = name.split(".").pop() ?? name;
  return last.length > 16 ? `${last.slice(0, 15)}…` : last;
}
