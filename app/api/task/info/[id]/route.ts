import type { z } from "zod";
import { decodeSegment } from "@/lib/http/path-segment";
import { withApi } from "@/lib/http/with-api";
import { getFlowerTask } from "@/lib/services/flower-api";

export const dynamic = "force-dynamic";

/** Flower's `GET /api/task/info/<id>`; 404 for an id Bloom has no record of. */
export const GET = withApi<z.ZodObject<Record<string, never>>, z.ZodUndefined, { id: string }>({ access: "viewer" }, ({ params }) => getFlowerTask(decodeSegment(params.id)));
