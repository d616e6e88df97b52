"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { QueueHistoryRow } from "@/lib/dashboard/queue-history";
import { ChartFrame, timeTick } from "./chart-frame";
import { AXIS_TICK, LINE_COLOURS, TOOLTIP_STYLE } from "./palette";

/** Deepest sample per bucket for each charted queue; gaps (no sample) are left as gaps. */
export function QueueDepthChart({ rows, queues, bucketSeconds, label }: { rows: QueueHistoryRow[]; queues: string[]; bucketSeconds: number; label: string }) {
  const tick = timeTick(bucketSeconds);
  const data = rows.map((row) => ({ t: row.t, ...Object.fromEntries(queues.map((queue, i) => [`q${i}`, row.depths[queue] ?? null])) }));
  return (
    <ChartFrame label={label} height={260}>
      <LineChart responsive style={{ width: "100%", height: "100%" }} data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
        <XAxis dataKey="t" tickFormatter={tick} tick={AXIS_TICK} stroke="currentColor" minTickGap={24} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} stroke="currentColor" />
        <Tooltip contentStyle={TOOLTIP_STYLE} labelFormatter={(t) => tick(Number(t))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {queues.map((queue, i) => (
          // Keys by position: queue names may hold characters recharts reads as paths (dots).
          <Line key={queue} type="monotone" dataKey={`q${i}`} name={queue} stroke={LINE_COLOURS[i % LINE_COLOURS.length]} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
