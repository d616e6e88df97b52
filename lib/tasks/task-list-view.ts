import type { TaskColumn } from "@/lib/schemas/task-columns";
import type { TaskSort } from "@/lib/schemas/task-list";
import { RELATIVE_RANGES } from "@/lib/schemas/date-range";
import { taskListHref, type TaskListView } from "./task-list-url";

/** How the tasks page presents a view: form values, sort links, the table's caption. */

/** A datetime-local input's value (its time zone is UTC by the form's labels). */
function toInputValue(date: Date | undefined): string {
  return date ? date.toISOString().slice(0, 19) : "";
}

export function filterValues(view: TaskListView) {
  return {
    q: view.q ?? "",
    state: view.state?.join(",") ?? "",
    name: view.name ?? "",
    worker: view.worker ?? "",
    queue: view.queue ?? "",
    range: view.range ?? "",
    from: toInputValue(view.from),
    to: toInputValue(view.to),
    sort: view.sort,
    dir: view.dir,
  };
}

const SORTABLE: Partial<Record<TaskColumn, TaskSort>> = { received: "received", started: "started", succeeded: "succeeded", runtime: "runtime" };

/** Header links: a sorted column flips its direction; another column sorts newest/largest first. */
export function sortHeaders(view: TaskListView): Partial<Record<TaskColumn, { href: string; sorted: "ascending" | "descending" | null }>> {
  const headers: Partial<Record<TaskColumn, { href: string; sorted: "ascending" | "descending" | null }>> = {};
  for (const [column, sort] of Object.entries(SORTABLE) as [TaskColumn, TaskSort][]) {
    const active = view.sort === sort;
    headers[column] = {
      href: taskListHref(view, { sort, dir: active && view.dir === "desc" ? "asc" : "desc" }),
      sorted: active ? (view.dir === "desc" ? "descending" : "ascending") : null,
    };
  }
  return headers;
}

export function tableCaption(view: TaskListView): string {
  const order = `${view.dir === "desc" ? "newest" : "oldest"} ${view.sort} first`.replace("newest runtime", "longest runtime").replace("oldest runtime", "shortest runtime");
  const parts = [
    view.state ? `state ${view.state.join(" or ")}` : null,
    view.name ? `name ${view.name}` : null,
    view.worker ? `worker ${view.worker}` : null,
    view.queue ? `queue ${view.queue}` : null,
    view.q ? `matching “${view.q}”` : null,
    view.range ? `received in the ${RELATIVE_RANGES[view.range].label}` : null,
  ].filter((part): part is string => part !== null);
  return `Tasks${parts.length ? `, ${parts.join(", ")}` : ""}; ${order}`;
}
