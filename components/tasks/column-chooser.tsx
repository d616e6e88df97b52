"use client";

import { REQUIRED_TASK_COLUMNS, TASK_COLUMN_LABELS, TASK_COLUMNS, type TaskColumn } from "@/lib/schemas/task-columns";
import { useTaskColumns } from "./table-preferences";

/** Which columns the tasks table shows; remembered in the signed-in person's profile. */
export function ColumnChooser() {
  const [columns, setColumns] = useTaskColumns();
  const toggle = (column: TaskColumn, on: boolean) => setColumns(TASK_COLUMNS.filter((name) => (name === column ? on : columns.includes(name))));
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800">
        Columns
      </summary>
      <fieldset className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <legend className="sr-only">Columns shown</legend>
        <ul className="grid grid-cols-2 gap-x-3 gap-y-1.5 text-sm">
          {TASK_COLUMNS.map((column) => (
            <li key={column}>
              <label className="inline-flex items-center gap-2 text-slate-700 dark:text-slate-300">
                <input
                  type="checkbox"
                  className="size-4 accent-emerald-600"
                  checked={columns.includes(column)}
                  disabled={REQUIRED_TASK_COLUMNS.includes(column)}
                  onChange={(event) => toggle(column, event.target.checked)}
                />
                {TASK_COLUMN_LABELS[column]}
              </label>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => setColumns(null)} className="mt-3 text-xs font-medium text-emerald-700 hover:underline dark:text-emerald-400">
          Reset to the default columns
        </button>
      </fieldset>
    </details>
  );
}
