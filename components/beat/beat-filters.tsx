import Link from "next/link";
import { inputClass, buttonClass } from "@/components/control/button-styles";
import { BEAT_SOURCES, SOURCE_LABELS } from "@/lib/beat/beat-entry";
import { BEAT_STATES, type BeatFilter } from "@/lib/beat/beat-filter";

const STATE_LABELS: Record<(typeof BEAT_STATES)[number], string> = {
  ok: "on schedule",
  late: "late",
  missing: "missing",
  "never-run": "not seen",
  disabled: "disabled",
  unknown: "unknown schedule",
};

/** A plain GET form: the filter lives in the URL and works without JavaScript. */
export function BeatFilters({ filter }: { filter: BeatFilter }) {
  return (
    <form method="get" action="/beat" role="search" aria-label="Filter periodic tasks" className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-300">
        Name or task
        <input name="q" type="search" defaultValue={filter.q ?? ""} className={inputClass} placeholder="cleanup" />
      </label>
      <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-300">
        Source
        <select name="source" defaultValue={filter.source ?? ""} className={inputClass}>
          <option value="">all</option>
          {BEAT_SOURCES.map((source) => (
            <option key={source} value={source}>
              {SOURCE_LABELS[source]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-300">
        State
        <select name="state" defaultValue={filter.state ?? ""} className={inputClass}>
          <option value="">all</option>
          {BEAT_STATES.map((state) => (
            <option key={state} value={state}>
              {STATE_LABELS[state]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={buttonClass("neutral")}>
        Filter
      </button>
      {filter.q || filter.source || filter.state ? (
        <Link href="/beat" className="text-sm text-emerald-700 hover:underline dark:text-emerald-400">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
