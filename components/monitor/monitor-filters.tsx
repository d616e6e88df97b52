"use client";

import { useId } from "react";
import { TASK_EVENT_TYPES, type MonitorFilters } from "@/lib/monitor/event-line";

const FIELD = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 focus-visible:outline-2 focus-visible:outline-emerald-600";

/** Filter controls; the values live in the URL (the parent writes them there). */
export function MonitorFilterBar({ filters, workers, names, onChange }: { filters: MonitorFilters; workers: string[]; names: string[]; onChange: (next: MonitorFilters) => void }) {
  const id = useId();
  return (
    <form role="search" aria-label="Filter events" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
        Event type
        <select className={FIELD} value={filters.type ?? ""} onChange={(e) => onChange({ ...filters, type: e.target.value || null })}>
          <option value="">All types</option>
          {TASK_EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
        Task name
        <input
          className={`${FIELD} w-48`}
          type="search"
          list={`${id}-names`}
          placeholder="any"
          value={filters.name ?? ""}
          onChange={(e) => onChange({ ...filters, name: e.target.value || null })}
        />
        <datalist id={`${id}-names`}>
          {names.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
      <label className="flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
        Worker
        <select className={`${FIELD} max-w-[16rem]`} value={filters.worker ?? ""} onChange={(e) => onChange({ ...filters, worker: e.target.value || null })}>
          <option value="">All workers</option>
          {[...new Set([...workers, ...(filters.worker ? [filters.worker] : [])])].map((worker) => (
            <option key={worker} value={worker}>
              {worker}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
