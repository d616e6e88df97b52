"use client";

import { formatUtc } from "@/lib/format/relative-time";
import { useClock } from "@/lib/live/use-clock";

function span(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** "in 4 s", ticking each second; "due now" once past (beat sends on its next tick). */
export function Countdown({ at }: { at: number }) {
  const now = useClock();
  const iso = new Date(at).toISOString();
  if (now === null) {
    return (
      <time dateTime={iso} title={iso}>
        {formatUtc(at)}
      </time>
    );
  }
  const left = at - now;
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {left > 0 ? `in ${span(left)}` : "due now"}
    </time>
  );
}
