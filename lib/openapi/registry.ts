import type { z } from "zod";
import type { RouteAccess } from "@/lib/http/authenticate";

/**
 * One route of Bloom's own API (/api/v1) described once: the route handler parses its
 * query and body with these very schemas (lib/http/api-route.ts), its handler must return
 * what `response` accepts (checked by the compiler), and /api/v1/openapi.json is generated
 * from the same objects. So the document cannot drift from what the routes do.
 */
export type ApiOperation<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, K extends string = string> = {
  method: "GET" | "POST";
  /** OpenAPI path template, e.g. /api/v1/tasks/{id} (the folder app/api/v1/tasks/[id]) */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: "tasks" | "workers" | "control" | "system";
  /** who may call it (the first gate; services check roles again) */
  access: RouteAccess;
  /** every `{name}` of the path, with what it is and an example value */
  pathParams?: Record<K, PathParam>;
  query?: Q;
  /** raw query-string values a reader can try as they are (strings, as in a URL) */
  queryExample?: Record<string, string>;
  body?: B;
  bodyExample?: unknown;
  /** the 200 answer's JSON */
  response: R;
  /** other representations of the 200 answer (e.g. text/csv), by content type */
  alternatives?: Record<string, z.ZodType>;
  /** statuses beyond 400/401/403/500 that this operation answers, with why */
  errors?: Partial<Record<404 | 409 | 501 | 503 | 504, string>>;
};

export type PathParam = { description: string; example: string; enum?: readonly string[] };

/** Keeps the schemas' own types, so routes and tests see exactly what was declared. */
export function defineOperation<Q extends z.ZodType = z.ZodObject<Record<string, never>>, B extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodType, K extends string = never>(
  operation: ApiOperation<Q, B, R, K>,
): ApiOperation<Q, B, R, K> {
  return operation;
}
