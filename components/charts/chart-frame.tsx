"use client";

import type { ReactNode } from "react";
import { useIsClient } from "@/lib/live/use-clock";

/**
 * Holds a chart's place at a fixed height and draws it only in the browser: charts need the
 * real width, and their local-time axis labels would differ from a server rendering.
 * The figures a chart shows are also given as text nearby, so `label` summarises it.
 */
export function ChartFrame({ label, height = 220, children }: { label: string; height?: number; children: ReactNode }) {
  const isClient = useIsClient();
  return (
    <div role="img" aria-label={label} className="w-full min-w-0 text-slate-500 dark:text-slate-400" style={{ height }}>
      {isClient ? children : null}
    </div>
  );
}

/** Axis labels for a time axis: clock time for short windows, weekday and hour for days. */
export function timeTick(bucketSeconds: number): (t: number) => string {
  const withDay = bucketSeconds >= 3600;
  const format = new Intl.DateTimeFormat(undefined, withDay ? { weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false } : { hour: "2-digit", minute: "2-digit", hour12: false });
  return (t) => format.format(new Date(t));
}
