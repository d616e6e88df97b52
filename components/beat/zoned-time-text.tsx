"use client";

import { useIsClient } from "@/lib/live/use-clock";
import { formatUtc } from "@/lib/format/relative-time";

const formats = new Map<string, Intl.DateTimeFormat>();

function format(at: number, timeZone: string | undefined): string {
  const key = timeZone ?? "";
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" });
    formats.set(key, f);
  }
  return f.format(at).replace(",", "");
}

/** A time in the reader's zone (no `timeZone`) or in a named one (the schedule's); UTC on the server's first rendering. */
export function ZonedTime({ at, timeZone }: { at: number; timeZone?: string }) {
  const isClient = useIsClient();
  const iso = new Date(at).toISOString();
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {isClient || timeZone ? format(at, timeZone) : formatUtc(at)}
    </time>
  );
}
