"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, timeTick } from "@/components/charts/chart-frame";
import type { HistoryItem, RunStatus } from "@/lib/beat/run-analysis";

const COLORS: Record<RunStatus, string> = { first: "#64748b", "on-time": "#059669", late: "#d97706", missed: "#dc2626", extra: "#6366f1" };
const LABELS: Record<RunStatus, string> = { first: "ran", "on-time": "on time", late: "late", missed: "missed", extra: "off schedule" };

type Point = { t: number; delay: number; status: RunStatus };

/**
 * Each expected run as a dot over time: height is how late it was sent (seconds), colour its
 * verdict; missed runs sit on the axis in red. The table below lists the same runs.
 */
export function RunHistoryChart({ history, windowStart, now }: { history: HistoryItem[]; windowStart: number; now: number }) {
  const points: Point[] = history.map((item) => ({
    t: item.expectedAt ?? item.run?.at ?? 0,
    delay: item.delayMs === null ? 0 : Math.max(item.delayMs, 0) / 1000,
    status: item.status,
  }));
  const byStatus = (Object.keys(COLORS) as RunStatus[]).map((status) => ({ status, data: points.filter((p) => p.status === status) })).filter((group) => group.data.length > 0);
  const counts = byStatus.map((group) => `${group.data.length} ${LABELS[group.status]}`).join(", ");
  const span = Math.max(now - windowStart, 1);
  return (
    <ChartFrame label={`Run history: ${counts || "no runs"}`}>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="t" type="number" domain={[windowStart, now]} tickFormatter={timeTick(span / 12 / 1000)} stroke="currentColor" fontSize={11} />
          <YAxis dataKey="delay" type="number" name="delay" unit=" s" stroke="currentColor" fontSize={11} width={48} />
          <Tooltip
            formatter={(value, name) => [name === "delay" ? `${Number(value).toFixed(2)} s` : new Date(Number(value)).toLocaleString(), name === "delay" ? "sent after its time" : "time"]}
            contentStyle={{ fontSize: 12 }}
          />
          {byStatus.map((group) => (
            <Scatter key={group.status} name={LABELS[group.status]} data={group.data} fill={COLORS[group.status]} isAnimationActive={false} />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
