import { responseForError } from "@/lib/http/error-status";
import { invalidParameter } from "@/lib/http/errors";
import { authenticate } from "@/lib/http/authenticate";
import { parseParamsStrict, rawParamsFrom } from "@/lib/schemas/query-params";
import { TASK_EXPORT_MULTI_PARAMS, taskExportParams } from "@/lib/schemas/task-export";
import { exportTasks } from "@/lib/services/task-export";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/tasks/export?format=csv|json&<the tasks table's filter>: every matching task,
 * streamed as a download. Bad parameters → 400 {error:{code,message}} naming the parameter.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  try {
    await authenticate(request, "viewer");
  } catch (error) {
    return responseForError(error, url.pathname);
  }
  const parsed = parseParamsStrict(taskExportParams, rawParamsFrom(url.searchParams), TASK_EXPORT_MULTI_PARAMS);
  if (!parsed.ok) return invalidParameter(parsed.problem);
  try {
    const { body, contentType, filename } = await exportTasks(parsed.data);
    return new Response(body, {
      headers: {
        "content-type": contentType,
        // The name is built from a timestamp only (ASCII, no quotes), so the plain form is exact.
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
        // Task arguments are attacker-controlled text: never let a browser sniff the download as HTML.
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return responseForError(error, url.pathname);
  }
}
