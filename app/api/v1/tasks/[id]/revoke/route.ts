import { z } from "zod";
import { decodeSegment } from "@/lib/http/path-segment";
import { withApi } from "@/lib/http/with-api";
import { revokeTasks } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** POST /api/v1/tasks/<id>/revoke {terminate?, signal?}: revoke (and terminate) one task on every worker. */
export const POST = withApi<z.ZodObject<Record<string, never>>, z.ZodType<Record<string, unknown>>, { id: string }>(
  { access: "admin", body: z.record(z.string(), z.unknown()) },
  async ({ actor, params, body }) => revokeTasks(actor!, { ...body, taskIds: [decodeSegment(params.id)] } as Parameters<typeof revokeTasks>[1]),
);
