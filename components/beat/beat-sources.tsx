import { StatusBadge } from "@/components/ui/status-badge";
import type { BeatSourceStatus } from "@/lib/services/beat-schedule";

/** Which sources were read, how many entries each gave, and why one could not be read. */
export function BeatSources({ sources }: { sources: BeatSourceStatus[] }) {
  return (
    <ul className="grid gap-2 text-sm md:grid-cols-3">
      {sources.map((source) => (
        <li key={source.source} className="rounded-md border border-slate-200 p-3 dark:border-slate-800" aria-label={`Source ${source.label}`}>
          <div className="flex items-center justify-between gap-2">
            <span className="font-medium">{source.label}</span>
            {!source.configured ? (
              <StatusBadge tone="neutral">not configured</StatusBadge>
            ) : source.error ? (
              <StatusBadge tone="critical">unreadable</StatusBadge>
            ) : (
              <StatusBadge tone="healthy">{`${source.entries} entr${source.entries === 1 ? "y" : "ies"}`}</StatusBadge>
            )}
          </div>
          <p className="mt-1 text-xs break-words text-slate-500 dark:text-slate-400">{source.detail}</p>
          {source.error ? <p className="mt-1 text-xs break-words text-red-700 dark:text-red-400">{source.error}</p> : null}
        </li>
      ))}
    </ul>
  );
}
