import { z } from "zod";
import { checkDateRange, dateRangeShape } from "./date-range";
import { cursorParam } from "./paging";
import { listParam, optionalParam } from "./query-params";
import { searchTextParam } from "./search";

/**
 * The tasks table's state in the URL: filters, search, sort and page. One schema serves the
 * page (lenient: a bad parameter is dropped with a notice), the export and the API (strict:
 * 400 naming the parameter).
 */

export const TASK_SORTS = ["received", "started", "succeeded", "runtime"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export const SORT_DIRECTIONS = ["desc", "asc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const DEFAULT_TASK_SORT: TaskSort = "received";
export const DEFAULT_SORT_DIRECTION: SortDirection = "desc";

/** Parameters that may repeat in the query string. */
export const TASK_LIST_MULTI_PARAMS = ["state"] as const;

/** Celery states are upper-case words, custom ones included (PROGRESS); anything else is a typo. */
const stateName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be task state names such as FAILURE or SUCCESS,RETRY");
const label = (what: string) => z.string().trim().min(1).max(256, `${what} is at most 256 characters`);

export const taskFilterShape = {
  state: listParam(stateName, 20),
  name: optionalParam(label("a task name")),
  worker: optionalParam(label("a worker hostname")),
  queue: optionalParam(label("a queue name")),
  q: optionalParam(searchTextParam),
  ...dateRangeShape,
};

const sortShape = {
  sort: optionalParam(z.enum(TASK_SORTS, { error: `must be one of ${TASK_SORTS.join(", ")}` })).transform((v) => v ?? DEFAULT_TASK_SORT),
  dir: optionalParam(z.enum(SORT_DIRECTIONS, { error: "must be desc or asc" })).transform((v) => v ?? DEFAULT_SORT_DIRECTION),
};

export const taskListParams = z
  .object({ ...taskFilterShape, ...sortShape, after: optionalParam(cursorParam), before: optionalParam(cursorParam) })
  .superRefine((value, ctx) => {
    checkDateRange(value, ctx);
    if (value.after !== undefined && value.before !== undefined) ctx.addIssue({ code: "custom", path: ["before"], message: "cannot be combined with after" });
  });

export type TaskListParams = z.output<typeof taskListParams>;
export type TaskFilterParams = Pick<TaskListParams, keyof typeof taskFilterShape>;
