import { z } from "zod";
import { checkDateRange } from "./date-range";
import { listParam, optionalParam } from "./query-params";
import { DEFAULT_SORT_DIRECTION, DEFAULT_TASK_SORT, SORT_DIRECTIONS, TASK_SORTS, taskFilterShape } from "./task-list";

/** Fields an export can hold: Flower's column names plus what an incident review needs. */
export const TASK_EXPORT_FIELDS = [
  "uuid",
  "name",
  "state",
  "worker",
  "queue",
  "args",
  "kwargs",
  "result",
  "exception",
  "traceback",
  "retries",
  "sent",
  "received",
  "started",
  "succeeded",
  "failed",
  "retried",
  "revoked",
  "runtime",
  "eta",
  "expires",
  "parent_id",
  "root_id",
  "client",
  "routing_key",
] as const;

export type TaskExportField = (typeof TASK_EXPORT_FIELDS)[number];

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The tasks table's filter and sort (never its page: an export is every matching row). */
export const taskExportParams = z
  .object({
    ...taskFilterShape,
    sort: optionalParam(z.enum(TASK_SORTS, { error: `must be one of ${TASK_SORTS.join(", ")}` })).transform((v) => v ?? DEFAULT_TASK_SORT),
    dir: optionalParam(z.enum(SORT_DIRECTIONS, { error: "must be desc or asc" })).transform((v) => v ?? DEFAULT_SORT_DIRECTION),
    format: optionalParam(z.enum(EXPORT_FORMATS, { error: "must be csv or json" })).transform((v) => v ?? "csv"),
    columns: listParam(z.enum(TASK_EXPORT_FIELDS, { error: `must be names from ${TASK_EXPORT_FIELDS.join(", ")}` }), TASK_EXPORT_FIELDS.length),
  })
  .superRefine(checkDateRange);

export type TaskExportParams = z.output<typeof taskExportParams>;

export const TASK_EXPORT_MULTI_PARAMS = ["state", "columns"] as const;
