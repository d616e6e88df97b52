"use client";

import { CartesianGrid, Cell, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "@/components/charts/chart-frame";
import { AXIS_TICK, TOOLTIP_STYLE } from "@/components/charts/palette";
import { stateFill } from "@/components/tasks/state-colors";
import { taskStateForEvent } from "@/lib/celery/states";
import { formatDelta } from "@/lib/tasks/time-format";

type Point = { offset: number; type: string; hostname: string };

/** The events on a time axis (ms since the first), one row per event type, coloured by the state each sets. */
export function EventTimelineChart({ events }: { events: { type: string; at: number; hostname: string }[] }) {
  const first = events[0]?.at ?? 0;
  const points: Point[] = events.map((event) => ({ offset: event.at - first, type: event.type, hostname: event.hostname }));
  const types = [...new Set(points.map((point) => point.type))];
  const span = points.at(-1)?.offset ?? 0;
  return (
    <ChartFrame label={`Timeline of ${events.length} events over ${formatDelta(span).slice(1)}; the list below has every event`} height={Math.max(120, 40 + types.length * 28)}>
      <ScatterChart responsive style={{ width: "100%", height: "100%" }} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid stroke="currentColor" strokeOpacity={0.15} />
        <XAxis type="number" dataKey="offset" name="since first event" domain={[0, "dataMax"]} tickFormatter={(ms: number) => formatDelta(ms)} tick={AXIS_TICK} stroke="currentColor" />
        <YAxis type="category" dataKey="type" allowDuplicatedCategory={false} width={110} tick={AXIS_TICK} stroke="currentColor" />
        <Tooltip
          contentStyle={TOOLTIP_STYLE}
          cursor={{ strokeDasharray: "3 3" }}
          formatter={(value, name) => (name === "since first event" ? formatDelta(Number(value)) : String(value))}
        />
        <Scatter data={points} isAnimationActive={false}>
          {points.map((point, index) => (
            <Cell key={index} fill={stateFill(taskStateForEvent(point.type))} />
          ))}
        </Scatter>
      </ScatterChart>
    </ChartFrame>
  );
}
