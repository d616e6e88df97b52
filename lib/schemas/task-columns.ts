import { z } from "zod";

/**
 * Columns of the tasks table. The first fifteen are Flower's `tasks_columns` names, so the
 * same list configures both (and a future `--tasks_columns` option); `succeeded` and `queue`
 * are Bloom's additions (sorting by succeeded should be able to show it).
 */
export const TASK_COLUMNS = [
  "name",
  "uuid",
  "state",
  "args",
  "kwargs",
  "result",
  "received",
  "started",
  "runtime",
  "worker",
  "retries",
  "revoked",
  "exception",
  "expires",
  "eta",
  "succeeded",
  "queue",
] as const;

export type TaskColumn = (typeof TASK_COLUMNS)[number];

/** Flower's default `tasks_columns`. */
export const DEFAULT_TASK_COLUMNS: readonly TaskColumn[] = ["name", "uuid", "state", "args", "kwargs", "result", "received", "started", "runtime", "worker"];

/** The id links to the task, so it cannot be hidden. */
export const REQUIRED_TASK_COLUMNS: readonly TaskColumn[] = ["uuid"];

export const TASK_COLUMN_LABELS: Record<TaskColumn, string> = {
  name: "Name",
  uuid: "UUID",
  state: "State",
  args: "Args",
  kwargs: "Kwargs",
  result: "Result",
  received: "Received",
  started: "Started",
  runtime: "Runtime",
  worker: "Worker",
  retries: "Retries",
  revoked: "Revoked",
  exception: "Exception",
  expires: "Expires",
  eta: "ETA",
  succeeded: "Succeeded",
  queue: "Queue",
};

/**
 * A stored column choice (localStorage today, the user's profile once there are users).
 * Unknown names are dropped rather than failing: a list saved by a newer Bloom still loads.
 */
export const taskColumnsPreference = z
  .array(z.string())
  .transform((names) => {
    const chosen = new Set(names);
    return TASK_COLUMNS.filter((column) => chosen.has(column) || REQUIRED_TASK_COLUMNS.includes(column));
  });

export function parseTaskColumns(stored: unknown): readonly TaskColumn[] {
  const parsed = taskColumnsPreference.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_TASK_COLUMNS;
}
