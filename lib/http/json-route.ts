import type { z } from "zod";
import { withApi } from "./with-api";

type RouteContext<P> = { params: Promise<P> };

/**
 * The console's JSON GET handlers: `withApi` for any signed-in user with a query schema, so
 * they answer bad parameters, typed errors and failures exactly as the public API does.
 */
export function jsonRoute<Q extends z.ZodType, P extends Record<string, string> = Record<string, never>>(
  options: { query: Q },
  handler: (input: { query: z.output<Q>; params: P; request: Request }) => Promise<unknown>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return withApi<Q, z.ZodUndefined, P>({ access: "viewer", query: options.query }, ({ query, params, request }) => handler({ query, params, request }));
}
