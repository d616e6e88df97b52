"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, type FormEvent } from "react";
import { RELATIVE_RANGE_KEYS, RELATIVE_RANGES } from "@/lib/schemas/date-range";
import { SEARCH_MIN_LENGTH } from "@/lib/schemas/search";
import { TASK_SORTS } from "@/lib/schemas/task-list";

/** The filter form's current values, as strings (what the URL holds). */
export type TaskFilterValues = {
  q: string;
  state: string;
  name: string;
  worker: string;
  queue: string;
  range: string;
  from: string;
  to: string;
  sort: string;
  dir: string;
};

export type TaskFilterChoices = { states: readonly string[]; names: readonly string[]; workers: readonly string[]; queues: readonly string[] };

const SORT_LABELS: Record<(typeof TASK_SORTS)[number], string> = { received: "Received", started: "Started", succeeded: "Succeeded", runtime: "Runtime" };

const field = "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus:border-emerald-500 focus:outline-none focus:ring-1 focus:ring-emerald-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100";
const labelText = "mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400";

/**
 * The filters of the tasks table. A plain GET form (it works without JavaScript); with
 * JavaScript, empty fields are left out of the URL and choosing from a list applies at once.
 */
export function TaskFilters({ values, choices }: { values: TaskFilterValues; choices: TaskFilterChoices }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);

  const submit = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    if (!form.current) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form.current)) {
      if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
    }
    // A relative range and fixed bounds exclude each other; the range chosen last wins.
    if (params.has("range")) {
      params.delete("from");
      params.delete("to");
    }
    if (params.get("sort") === "received") params.delete("sort");
    if (params.get("dir") === "desc") params.delete("dir");
    const query = params.toString();
    router.push(query ? `/tasks?${query}` : "/tasks");
  };
  const applyNow = () => form.current?.requestSubmit();

  const multipleStates = values.state.includes(",");
  return (
    <form ref={form} method="get" action="/tasks" onSubmit={submit} role="search" aria-label="Filter tasks" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 sm:grid-cols-2 lg:grid-cols-6">
      <div className="sm:col-span-2 lg:col-span-3">
        <label htmlFor="task-search" className={labelText}>
          Search
        </label>
        <input
          id="task-search"
          name="q"
          type="search"
          defaultValue={values.q}
          minLength={SEARCH_MIN_LENGTH}
          maxLength={200}
          placeholder="Task id, name, or text in args, kwargs, result, exception"
          className={field}
        />
      </div>
      <div>
        <label htmlFor="task-state" className={labelText}>
          State
        </label>
        <select id="task-state" name="state" defaultValue={values.state} onChange={applyNow} className={field}>
          <option value="">Any state</option>
          {multipleStates ? <option value={values.state}>{values.state.replaceAll(",", " + ")}</option> : null}
          {choices.states.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </div>
      <div className="lg:col-span-2">
        <label htmlFor="task-name" className={labelText}>
          Task name
        </label>
        <input id="task-name" name="name" list="task-name-options" defaultValue={values.name} autoComplete="off" className={field} />
        <datalist id="task-name-options">
          {choices.names.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <div>
        <label htmlFor="task-worker" className={labelText}>
          Worker
        </label>
        <select id="task-worker" name="worker" defaultValue={values.worker} onChange={applyNow} className={field}>
          <option value="">Any worker</option>
          {withCurrent(choices.workers, values.worker).map((worker) => (
            <option key={worker} value={worker}>
              {worker}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="task-queue" className={labelText}>
          Queue
        </label>
        <select id="task-queue" name="queue" defaultValue={values.queue} onChange={applyNow} className={field}>
          <option value="">Any queue</option>
          {withCurrent(choices.queues, values.queue).map((queue) => (
            <option key={queue} value={queue}>
              {queue}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="task-range" className={labelText}>
          Received
        </label>
        <select id="task-range" name="range" defaultValue={values.range} onChange={applyNow} className={field}>
          <option value="">Any time / from–to</option>
          {RELATIVE_RANGE_KEYS.map((key) => (
            <option key={key} value={key}>
              {RELATIVE_RANGES[key].label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="task-from" className={labelText}>
          Received from (UTC)
        </label>
        <input id="task-from" name="from" type="datetime-local" step={1} defaultValue={values.from} className={field} />
      </div>
      <div>
        <label htmlFor="task-to" className={labelText}>
          Received before (UTC)
        </label>
        <input id="task-to" name="to" type="datetime-local" step={1} defaultValue={values.to} className={field} />
      </div>
      <div>
        <label htmlFor="task-sort" className={labelText}>
          Sort by
        </label>
        <select id="task-sort" name="sort" defaultValue={values.sort} onChange={applyNow} className={field}>
          {TASK_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="task-dir" className={labelText}>
          Order
        </label>
        <select id="task-dir" name="dir" defaultValue={values.dir} onChange={applyNow} className={field}>
          <option value="desc">Newest / largest first</option>
          <option value="asc">Oldest / smallest first</option>
        </select>
      </div>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-2">
        <button type="submit" className="rounded-md bg-emerald-600 px-4 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus:ring-2 focus:ring-emerald-500 focus:ring-offset-2 dark:focus:ring-offset-slate-900">
          Apply
        </button>
        <Link href="/tasks" className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
          Clear filters
        </Link>
      </div>
    </form>
  );
}

// A value from a shared link stays selectable even when it is not (or no longer) among the choices.
function withCurrent(choices: readonly string[], current: string): readonly string[] {
  return current === "" || choices.includes(current) ? choices : [current, ...choices];
}
