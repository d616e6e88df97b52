import { z } from "zod";
import { webLogger as logger } from "@/lib/log/web-logger";
import { authenticate } from "./authenticate";
import { errorResponse } from "./errors";
import { statusOfError } from "./error-status";

type RouteContext<P> = { params: Promise<P> };

/**
 * The console's JSON GET handlers, wrapped once: the caller must be signed in (any role),
 * the query string is parsed with `query`
 * (400 with the first problem when it does not fit), the handler holds only the success
 * path, HttpErrors become their status, and anything unexpected is logged and answered
 * with a 500 that says nothing about the internals.
 */
export function jsonRoute<Q extends z.ZodType, P extends Record<string, string> = Record<string, never>>(
  options: { query: Q },
  handler: (input: { query: z.output<Q>; params: P; request: Request }) => Promise<unknown>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    const url = new URL(request.url);
    try {
      await authenticate(request, "viewer");
      const parsed = options.query.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return errorResponse(400, "bad_request", `${issue?.path.join(".") || "query"}: ${issue?.message ?? "is invalid"}`);
      }
      const params = await context.params;
      const body = await handler({ query: parsed.data, params, request });
      return Response.json(body, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      const mapped = statusOfError(error);
      if (mapped) return errorResponse(mapped.status, mapped.code, mapped.message);
      logger().error({ err: error, path: url.pathname }, "request failed");
      return errorResponse(500, "internal", "Something went wrong on the server; its log has the details.");
    }
  };
}
