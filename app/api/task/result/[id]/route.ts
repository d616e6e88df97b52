import type { z } from "zod";
import { flowerResultQuery } from "@/lib/flower/params";
import { decodeSegment } from "@/lib/http/path-segment";
import { withApi } from "@/lib/http/with-api";
import { requireActor } from "@/lib/flower/require-actor";
import { readFlowerTaskResult } from "@/lib/services/flower-control";

export const dynamic = "force-dynamic";

/** Flower's `GET /api/task/result/<id>?timeout=<seconds>` (Redis result backend). */
export const GET = withApi<typeof flowerResultQuery, z.ZodUndefined, { id: string }>({ access: "viewer", query: flowerResultQuery }, ({ query, params, actor }) =>
  readFlowerTaskResult(requireActor(actor), decodeSegment(params.id), query.timeout ?? 0),
);
