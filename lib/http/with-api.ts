import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { rawParamsFrom } from "@/lib/schemas/query-params";
import { authenticate, type RouteAccess } from "./authenticate";
import { errorResponse } from "./errors";
import { responseForError } from "./error-status";

type RouteContext<P> = { params: Promise<P> };

/**
 * Who may call a route: "public" (healthcheck), "viewer" (any signed-in user or read token),
 * "admin" (admin users and admin tokens). Services still check the role themselves; this is
 * the first gate, so a viewer's crafted POST is refused before its body is even read.
 */
export type { RouteAccess };

type Options<Q extends z.ZodType, B extends z.ZodType> = {
  access: RouteAccess;
  query?: Q;
  body?: B;
};

type Input<Q extends z.ZodType, B extends z.ZodType, P> = {
  query: z.output<Q>;
  body: z.output<B>;
  params: P;
  request: Request;
  /** null only on public routes without credentials */
  actor: Actor | null;
};

/**
 * Bloom's route handlers, wrapped once (dub's withApi): authenticate, parse the query string
 * and the JSON body with zod (400 naming the first bad parameter), run the handler that holds
 * only the success path, and map typed errors to their status. A handler returning a Response
 * sends it as is; anything else is sent as JSON.
 */
export function withApi<
  Q extends z.ZodType = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodUndefined,
  P extends Record<string, string> = Record<string, never>,
>(
  options: Options<Q, B>,
  handler: (input: Input<Q, B, P>) => Promise<unknown>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    const url = new URL(request.url);
    try {
      const actor = await authenticate(request, options.access);
      const query = options.query ? options.query.safeParse(rawParamsFrom(url.searchParams)) : { success: true as const, data: {} };
      if (!query.success) return badRequest(query.error, "query");
      let body: z.ZodSafeParseResult<unknown> = { success: true, data: undefined };
      if (options.body) {
        const raw = await readJsonBody(request);
        if (raw.error) return errorResponse(400, "invalid_body", raw.error);
        body = options.body.safeParse(raw.value);
        if (!body.success) return badRequest(body.error, "body");
      }
      const params = await context.params;
      const result = await handler({ query: query.data as z.output<Q>, body: body.data as z.output<B>, params, request, actor });
      if (result instanceof Response) return result;
      return Response.json(result, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return responseForError(error, url.pathname);
    }
  };
}

function badRequest(error: z.ZodError, where: "query" | "body"): Response {
  const issue = error.issues[0];
  const name = issue?.path.join(".") || where;
  return errorResponse(400, where === "query" ? "invalid_parameter" : "invalid_body", `${name}: ${issue?.message ?? "is invalid"}`);
}

/** Empty bodies and form posts are common from Flower-era scripts: both are accepted. */
async function readJsonBody(request: Request): Promise<{ value?: unknown; error?: string }> {
  const text = await request.text();
  if (text.trim() === "") return { value: {} };
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return { value: Object.fromEntries(new URLSearchParams(text)) };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: "the request body is not valid JSON" };
  }
}
