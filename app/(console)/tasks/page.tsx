import type { Metadata } from "next";
import { Suspense } from "react";
import { AutoRefresh } from "@/components/tasks/auto-refresh";
import { ColumnChooser } from "@/components/tasks/column-chooser";
import { ExportLinks } from "@/components/tasks/export-links";
import { Pager } from "@/components/tasks/pager";
import { StateCountsSkeleton } from "@/components/tasks/state-counts";
import { TaskFilters } from "@/components/tasks/task-filters";
import { TasksTable } from "@/components/tasks/tasks-table";
import { TimeModeToggle } from "@/components/tasks/time-mode-toggle";
import { QueryTimeoutError } from "@/lib/repositories/postgres-errors";
import { parseParamsLenient, type ParamProblem, type RawParams } from "@/lib/schemas/query-params";
import { TASK_LIST_MULTI_PARAMS, taskListParams, type TaskListParams } from "@/lib/schemas/task-list";
import { InvalidParameterError } from "@/lib/services/service-errors";
import { getTaskFilterOptions, listTasks, type TaskPage } from "@/lib/services/tasks";
import { taskExportHref, taskListHref } from "@/lib/tasks/task-list-url";
import { filterValues, sortHeaders, tableCaption } from "@/lib/tasks/task-list-view";
import { StateCountsSection } from "./state-counts-section";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Tasks" };

type PageProps = { searchParams: Promise<RawParams> };

/**
 * The tasks table, rendered on the server from the URL: filters, search, sort and page all
 * live in the query string, so any view is a link to share. State counts stream in on their
 * own so the table never waits for them.
 */
export default async function TasksPage({ searchParams }: PageProps) {
  const { data: params, ignored } = parseParamsLenient(taskListParams, await searchParams, TASK_LIST_MULTI_PARAMS);
  const now = new Date();
  const [{ page, notices, view }, options] = await Promise.all([loadPage(params, ignored, now), getTaskFilterOptions()]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Tasks</h1>
        <div className="flex flex-wrap items-center gap-3">
          <AutoRefresh />
          <TimeModeToggle />
          <ColumnChooser />
          <ExportLinks csv={taskExportHref(view, "csv")} json={taskExportHref(view, "json")} />
        </div>
      </div>

      {notices.length > 0 ? (
        <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
          <ul className="list-inside list-disc">
            {notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <TaskFilters key={JSON.stringify(filterValues(view))} values={filterValues(view)} choices={options} />

      <Suspense key={JSON.stringify({ ...view, after: undefined, before: undefined, sort: undefined, dir: undefined })} fallback={<StateCountsSkeleton />}>
        <StateCountsSection view={view} now={now} />
      </Suspense>

      {page ? (
        <>
          {page.rows.length > 0 ? (
            <TasksTable rows={page.rows} renderedAt={now.getTime()} sortHeaders={sortHeaders(view)} caption={tableCaption(view)} />
          ) : (
            <EmptyTable filtered={taskListHref(view) !== taskListHref({ sort: view.sort, dir: view.dir })} />
          )}
          <Pager
            first={view.after || view.before ? taskListHref(view, { after: undefined, before: undefined }) : null}
            previous={page.previous ? taskListHref(view, { before: page.previous, after: undefined }) : null}
            next={page.next ? taskListHref(view, { after: page.next, before: undefined }) : null}
            summary={page.rows.length === 0 ? "No tasks" : `${page.rows.length} tasks on this page`}
          />
        </>
      ) : null}
    </div>
  );
}

type Loaded = { page: TaskPage | null; notices: string[]; view: TaskListParams };

/** The page's rows; a stale cursor or an over-broad search becomes a notice, not an error page. */
async function loadPage(params: TaskListParams, ignored: ParamProblem[], now: Date): Promise<Loaded> {
  const notices = ignored.map((problem) => `Ignored ${problem.param}: ${problem.message}.`);
  try {
    return { page: await listTasks(params, now), notices, view: params };
  } catch (error) {
    if (error instanceof InvalidParameterError) {
      const view = { ...params, after: undefined, before: undefined };
      return { page: await listTasks(view, now), notices: [...notices, `Ignored ${error.param}: ${error.reason}; showing the first page.`], view };
    }
    if (error instanceof QueryTimeoutError) return { page: null, notices: [...notices, `${error.message}. Narrow it with a state, name or time range.`], view: params };
    throw error;
  }
}

function EmptyTable({ filtered }: { filtered: boolean }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
      {filtered ? (
        <p>No tasks match these filters.</p>
      ) : (
        <p>
          No tasks yet. Tasks appear here as soon as workers send events (start them with <code className="font-mono">-E</code>, or enable events from the
          Workers page).
        </p>
      )}
    </div>
  );
}
