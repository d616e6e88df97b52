import type { RelativeRange } from "@/lib/schemas/date-range";
import { DEFAULT_SORT_DIRECTION, DEFAULT_TASK_SORT, type SortDirection, type TaskSort } from "@/lib/schemas/task-list";

/** The tasks table's URL state, as parsed from the query string. */
export type TaskListView = {
  state?: string[];
  name?: string;
  worker?: string;
  queue?: string;
  q?: string;
  from?: Date;
  to?: Date;
  range?: RelativeRange;
  sort: TaskSort;
  dir: SortDirection;
  after?: string;
  before?: string;
};

/** Query string of a view; defaults are left out so links stay short and canonical. */
export function taskListQuery(view: TaskListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.state && view.state.length > 0) params.set("state", view.state.join(","));
  for (const key of ["name", "worker", "queue", "q", "range"] as const) {
    const value = view[key];
    if (value !== undefined) params.set(key, value);
  }
  if (view.from) params.set("from", view.from.toISOString());
  if (view.to) params.set("to", view.to.toISOString());
  if (view.sort !== DEFAULT_TASK_SORT) params.set("sort", view.sort);
  if (view.dir !== DEFAULT_SORT_DIRECTION) params.set("dir", view.dir);
  if (view.after) params.set("after", view.after);
  if (view.before) params.set("before", view.before);
  return params;
}

/**
 * A link to the table with some of the view changed. Changing anything but the page starts
 * from the first page: a cursor belongs to the order and rows it was taken from.
 */
export function taskListHref(view: TaskListView, changes: Partial<TaskListView> = {}): string {
  const pageOnly = Object.keys(changes).every((key) => key === "after" || key === "before");
  const next: TaskListView = { ...view, ...(pageOnly ? {} : { after: undefined, before: undefined }), ...changes };
  const query = taskListQuery(next).toString();
  return query ? `/tasks?${query}` : "/tasks";
}

/** The export of the view's filter and order (all pages). */
export function taskExportHref(view: TaskListView, format: "csv" | "json"): string {
  const params = taskListQuery({ ...view, after: undefined, before: undefined });
  params.set("format", format);
  return `/api/v1/tasks/export?${params.toString()}`;
}

export function taskHref(uuid: string): string {
  return `/task/${encodeURIComponent(uuid)}`;
}
