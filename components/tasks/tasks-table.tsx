"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { TASK_COLUMN_LABELS, type TaskColumn } from "@/lib/schemas/task-columns";
import type { TaskListItem } from "@/lib/services/tasks";
import { formatRuntime } from "@/lib/tasks/time-format";
import { taskHref } from "@/lib/tasks/task-list-url";
import { StateBadge } from "./state-badge";
import { useTaskColumns, useTimeMode, type TimeMode } from "./table-preferences";
import { TimeText } from "./time-text";
import { useNow } from "./use-now";

/** Where a sortable column's header links to, and how the table is sorted by it now. */
export type SortHeader = { href: string; sorted: "ascending" | "descending" | null };

// One character more than this arrives when the value was cut (lib/repositories/task-list-sql.ts).
const SHOWN_TEXT = 300;

type CellContext = { mode: TimeMode; now: number };

function Clipped({ text }: { text: string | null }) {
  if (text === null) return <span className="text-slate-400 dark:text-slate-500">–</span>;
  const cut = text.length > SHOWN_TEXT;
  const shown = cut ? `${text.slice(0, SHOWN_TEXT)}…` : text;
  // Text nodes only: arguments are whatever a client sent, markup included.
  return (
    <code title={shown} className="block max-w-[24rem] truncate font-mono text-xs text-slate-700 dark:text-slate-300">
      {shown}
    </code>
  );
}

const CELLS: Record<TaskColumn, (row: TaskListItem, context: CellContext) => ReactNode> = {
  name: (row) => <span className="whitespace-nowrap font-medium">{row.name ?? "–"}</span>,
  uuid: (row) => (
    <Link href={taskHref(row.uuid)} className="whitespace-nowrap font-mono text-xs text-emerald-700 hover:underline dark:text-emerald-400">
      {row.uuid}
    </Link>
  ),
  state: (row) => <StateBadge state={row.state} />,
  args: (row) => <Clipped text={row.args} />,
  kwargs: (row) => <Clipped text={row.kwargs} />,
  result: (row) => <Clipped text={row.result} />,
  exception: (row) => <Clipped text={row.exception} />,
  received: (row, c) => <TimeText at={row.received} mode={c.mode} now={c.now} />,
  started: (row, c) => <TimeText at={row.started} mode={c.mode} now={c.now} />,
  succeeded: (row, c) => <TimeText at={row.succeeded} mode={c.mode} now={c.now} />,
  revoked: (row, c) => <TimeText at={row.revoked} mode={c.mode} now={c.now} />,
  expires: (row, c) => <TimeText at={row.expires} mode={c.mode} now={c.now} />,
  eta: (row, c) => <TimeText at={row.eta} mode={c.mode} now={c.now} />,
  runtime: (row) => <span className="whitespace-nowrap tabular-nums">{row.runtime === null ? "–" : formatRuntime(row.runtime)}</span>,
  worker: (row) =>
    row.worker === null ? (
      "–"
    ) : (
      <Link href={`/worker/${encodeURIComponent(row.worker)}`} className="whitespace-nowrap hover:underline">
        {row.worker}
      </Link>
    ),
  retries: (row) => <span className="tabular-nums">{row.retries}</span>,
  queue: (row) => <span className="whitespace-nowrap">{row.queue ?? "–"}</span>,
};

function HeaderCell({ column, sort }: { column: TaskColumn; sort: SortHeader | undefined }) {
  const label = TASK_COLUMN_LABELS[column];
  const base = "whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400";
  if (!sort) {
    return (
      <th scope="col" className={base}>
        {label}
      </th>
    );
  }
  const arrow = sort.sorted === "descending" ? "↓" : sort.sorted === "ascending" ? "↑" : "";
  return (
    <th scope="col" className={base} aria-sort={sort.sorted ?? "none"}>
      <Link href={sort.href} className="inline-flex items-center gap-1 hover:text-slate-900 dark:hover:text-white" aria-label={`Sort by ${label.toLowerCase()}`}>
        {label}
        <span aria-hidden="true">{arrow}</span>
      </Link>
    </th>
  );
}

/**
 * The tasks table. Rows come from the server; the visible columns and the time format are
 * the signed-in person's choices (BLOOM_TASKS_COLUMNS and BLOOM_NATURAL_TIME until they
 * choose), known on the server, so the first paint already shows them.
 */
export function TasksTable({ rows, renderedAt, sortHeaders, caption }: { rows: TaskListItem[]; renderedAt: number; sortHeaders: Partial<Record<TaskColumn, SortHeader>>; caption: string }) {
  const [columns] = useTaskColumns();
  const [mode] = useTimeMode();
  const now = useNow(renderedAt);
  const context: CellContext = { mode, now };
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 dark:bg-slate-900/60">
          <tr>
            {columns.map((column) => (
              <HeaderCell key={column} column={column} sort={sortHeaders[column]} />
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => (
            <tr key={row.uuid} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
              {columns.map((column) => (
                <td key={column} className="px-3 py-1.5 align-top">
                  {CELLS[column](row, context)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
