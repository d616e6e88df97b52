"use client";

import { formatClock, formatLocalDateTime, formatUtc } from "@/lib/format/relative-time";
import { useIsClient } from "@/lib/live/use-clock";

/** A point in time in the reader's time zone (UTC in the server's first rendering). */
export function LocalTime({ at, clockOnly = false, className }: { at: number; clockOnly?: boolean; className?: string }) {
  const isClient = useIsClient();
  const iso = new Date(at).toISOString();
  return (
    <time dateTime={iso} title={iso} className={className}>
      {isClient ? (clockOnly ? formatClock(at) : formatLocalDateTime(at)) : formatUtc(at)}
    </time>
  );
}
