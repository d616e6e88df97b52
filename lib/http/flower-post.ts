import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/flower/require-actor";
import { decodeSegment } from "./path-segment";
import { withApi } from "./with-api";

/** Any object: the route parses its own parameters from the query string and this body together. */
const flowerBody = z.record(z.string(), z.unknown(), { error: "the body must be a JSON object or a form" });

export type FlowerPostInput = { actor: Actor; target: string; request: Request; body: Record<string, unknown> };

/**
 * Flower's POST routes (`/api/worker/...`, `/api/task/...`): admin only, the path's last
 * segment (a worker hostname, task name or task id) decoded, the body read as JSON or form.
 */
export function flowerPost<P extends string>(param: P, run: (input: FlowerPostInput) => Promise<unknown>) {
  return withApi<z.ZodObject<Record<string, never>>, typeof flowerBody, Record<P, string>>({ access: "admin", body: flowerBody }, ({ actor, params, request, body }) =>
    run({ actor: requireActor(actor), target: decodeSegment(params[param]), request, body }),
  );
}
