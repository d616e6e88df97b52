import { z } from "zod";
import type { JsonValue } from "./json-value";

/**
 * The Redis result backend's record of a finished task: key `celery-task-meta-<id>`, a JSON
 * object written by celery/backends/base.py (`_get_result_meta`). With
 * `result_extended = True` it also carries name, args, kwargs, worker, retries and queue.
 */
export const RESULT_META_PREFIX = "celery-task-meta-";

export function resultMetaKey(taskId: string): string {
  return `${RESULT_META_PREFIX}${taskId}`;
}

const metaSchema = z.object({
  task_id: z.string().min(1).max(255),
  status: z.string().min(1).max(64),
  result: z.unknown().optional(),
  traceback: z.string().nullable().optional(),
  date_done: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  args: z.unknown().optional(),
  kwargs: z.unknown().optional(),
  worker: z.string().nullable().optional(),
  retries: z.number().int().nullable().optional(),
  queue: z.string().nullable().optional(),
  parent_id: z.string().nullable().optional(),
});

export type ResultMeta = {
  taskId: string;
  status: string;
  /** JSON text of the stored result (the backend keeps JSON, not Python's repr) */
  result: string | null;
  traceback: string | null;
  /** epoch seconds */
  dateDone: number | null;
  name: string | null;
  /** JSON text; null unless result_extended */
  args: string | null;
  kwargs: string | null;
  worker: string | null;
  retries: number | null;
  queue: string | null;
};

/** Parses a stored value; null when it is not a result record we understand. */
export function parseResultMeta(raw: string | null): ResultMeta | null {
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null; // pickle or another serializer: not ours to decode
  }
  const parsed = metaSchema.safeParse(json);
  if (!parsed.success) return null;
  const meta = parsed.data;
  // Celery writes date_done as an ISO 8601 string in UTC, sometimes without an offset.
  const done = meta.date_done ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(meta.date_done) ? meta.date_done : `${meta.date_done}Z`) : NaN;
  return {
    taskId: meta.task_id,
    status: meta.status,
    result: meta.result === undefined ? null : toJsonText(meta.result),
    traceback: meta.traceback ?? null,
    dateDone: Number.isFinite(done) ? done / 1000 : null,
    name: meta.name ?? null,
    args: meta.args === undefined || meta.args === null ? null : toJsonText(meta.args),
    kwargs: meta.kwargs === undefined || meta.kwargs === null ? null : toJsonText(meta.kwargs),
    worker: meta.worker ?? null,
    retries: meta.retries ?? null,
    queue: meta.queue ?? null,
  };
}

function toJsonText(value: unknown): string {
  return JSON.stringify(value as JsonValue) ?? "null";
}

/** celery/contrib/abortable.py's state: an AbortableTask polling `is_aborted()` sees it and stops. */
export const ABORTED = "ABORTED";

/**
 * The record `AbortableAsyncResult(id).abort()` stores: `backend.store_result(id, None,
 * state=ABORTED)` outside any task, so `_get_result_meta` writes no children (None), no
 * date_done (ABORTED is not a ready state) and no extended fields (there is no request).
 * Written as kombu's JSON serializer writes it (Python's json.dumps: `", "` and `": "`
 * separators, non-ASCII escaped), so the stored bytes are the ones Celery would store.
 */
export function abortedResultMeta(taskId: string): string {
  const meta: [string, string | null][] = [
    ["status", ABORTED],
    ["result", null],
    ["traceback", null],
    ["children", null],
    ["date_done", null],
    ["task_id", taskId],
  ];
  return `{${meta.map(([key, value]) => `${pythonJsonString(key)}: ${value === null ? "null" : pythonJsonString(value)}`).join(", ")}}`;
}

/** json.dumps of a str with ensure_ascii (its default): everything outside printable ASCII as \uXXXX, DEL included. */
function pythonJsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
