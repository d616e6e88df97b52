import type { z } from "zod";
import { decodeSegment } from "@/lib/http/path-segment";
import { withApi } from "@/lib/http/with-api";
import { readTaskResult } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** GET /api/v1/tasks/<id>/result: the task's record in the Redis result backend (501 for other backends). */
export const GET = withApi<z.ZodObject<Record<string, never>>, z.ZodUndefined, { id: string }>({ access: "viewer" }, async ({ actor, params }) => readTaskResult(actor!, { id: decodeSegment(params.id) }));
