import { z } from "zod";
import { decodeSegment } from "@/lib/http/path-segment";
import { withApi } from "@/lib/http/with-api";
import { retryTask } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/<id>/retry {args?, kwargs?, queue?}: send the task again; the new one links back. */
export const POST = withApi<z.ZodObject<Record<string, never>>, z.ZodType<Record<string, unknown>>, { id: string }>(
  { access: "admin", body: z.record(z.string(), z.unknown()) },
  async ({ actor, params, body }) => retryTask(actor!, { ...body, id: decodeSegment(params.id) } as Parameters<typeof retryTask>[1]),
);
