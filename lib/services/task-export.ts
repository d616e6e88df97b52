import type { KeysetPosition } from "@/lib/repositories/task-list-sql";
import { listTaskExportRows, type TaskExportRow } from "@/lib/repositories/task-queries";
import { TASK_EXPORT_FIELDS, type ExportFormat, type TaskExportField, type TaskExportParams } from "@/lib/schemas/task-export";
import { csvRow } from "@/lib/tasks/csv";
import { toTaskFilter } from "./task-filter";

/** Rows per database round trip while streaming: big enough to be cheap, small enough to stay small in memory. */
export const EXPORT_BATCH = 1_000;

export type TaskExport = { contentType: string; filename: string; body: ReadableStream<Uint8Array> };

const CONTENT_TYPES: Record<ExportFormat, string> = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" };

/**
 * Every task matching the filter, as CSV or a JSON array, streamed: one keyset batch is read
 * when the client has taken the previous one (a pull stream), so a million rows never sit in
 * memory and a slow download slows the reads instead of piling up rows. The filter is
 * resolved before the stream starts so a database error still becomes an error response.
 */
export async function exportTasks(params: TaskExportParams, now: Date = new Date()): Promise<TaskExport> {
  const filter = await toTaskFilter(params, now);
  const fields = params.columns ?? [...TASK_EXPORT_FIELDS];
  const encoder = new TextEncoder();
  const format = params.format;
  let position: KeysetPosition | undefined;
  let written = 0;
  let finished = false;

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await listTaskExportRows({
        filter,
        sort: params.sort,
        dir: params.dir,
        ...(position ? { from: { position, direction: "after" as const } } : {}),
        limit: EXPORT_BATCH,
      });
      if (finished) return; // cancelled while reading
      let chunk = written === 0 ? header(format, fields) : "";
      for (const row of rows) {
        chunk += format === "csv" ? csvRow(fields.map((field) => row[field])) : `${written === 0 ? "\n" : ",\n"}${JSON.stringify(pick(row, fields))}`;
        written++;
      }
      const last = rows.at(-1);
      if (rows.length < EXPORT_BATCH || !last) {
        chunk += format === "json" ? (written === 0 ? "]\n" : "\n]\n") : "";
        controller.enqueue(encoder.encode(chunk));
        finished = true;
        controller.close();
        return;
      }
      position = { value: last.sortValue, uuid: last.uuid };
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      finished = true;
    },
  });

  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return { contentType: CONTENT_TYPES[format], filename: `bloom-tasks-${stamp}.${format}`, body };
}

function header(format: ExportFormat, fields: readonly TaskExportField[]): string {
  return format === "csv" ? csvRow(fields) : "[";
}

function pick(row: TaskExportRow, fields: readonly TaskExportField[]): Record<string, string | number | null> {
  return Object.fromEntries(fields.map((field) => [field, row[field]]));
}
