"use client";

import { formatAgo, formatUtc } from "@/lib/format/relative-time";
import { useClock } from "@/lib/live/use-clock";

/** "5 s ago", ticking; the exact time is in the tooltip and in `dateTime` for assistive tech. */
export function RelativeTime({ at, className }: { at: number; className?: string }) {
  const now = useClock();
  const iso = new Date(at).toISOString();
  return (
    <time dateTime={iso} title={iso} className={className}>
      {now === null ? formatUtc(at) : formatAgo(at, now)}
    </time>
  );
}
