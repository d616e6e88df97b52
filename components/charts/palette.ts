/** Series colours readable on both themes (Tailwind 500s); succeeded/failed keep their meaning everywhere. */
export const SERIES = {
  succeeded: "#10b981",
  failed: "#ef4444",
  throughput: "#0ea5e9",
  p50: "#8b5cf6",
  p95: "#f59e0b",
} as const;

export const LINE_COLOURS = ["#0ea5e9", "#f59e0b", "#8b5cf6", "#10b981", "#ef4444", "#14b8a6", "#ec4899", "#64748b"] as const;

export const TOOLTIP_STYLE = {
  backgroundColor: "var(--chart-tooltip-bg)",
  border: "1px solid var(--chart-tooltip-border)",
  color: "var(--chart-tooltip-text)",
  borderRadius: 6,
  fontSize: 12,
} as const;

export const AXIS_TICK = { fill: "currentColor", fontSize: 11 } as const;
