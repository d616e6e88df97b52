import { formatAbsolute, formatRelative } from "@/lib/tasks/time-format";
import type { TimeMode } from "./table-preferences";

/**
 * A task time as relative or absolute (UTC) text; the other form is in the tooltip and the
 * machine-readable instant in `dateTime`. Pure: the caller supplies the mode and "now".
 */
export function TimeText({ at, mode, now, millis = false }: { at: number | null; mode: TimeMode; now: number; millis?: boolean }) {
  if (at === null) return <span className="text-slate-400 dark:text-slate-500">–</span>;
  const absolute = formatAbsolute(at, { millis });
  const relative = formatRelative(at, now);
  return (
    <time dateTime={new Date(at).toISOString()} title={mode === "absolute" ? relative : `${formatAbsolute(at, { millis: true })} UTC`} className="whitespace-nowrap">
      {mode === "absolute" ? absolute : relative}
    </time>
  );
}
