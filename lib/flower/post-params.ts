import type { z } from "zod";
import { rawParamsFrom } from "@/lib/schemas/query-params";
import { InvalidParameterError } from "@/lib/services/service-errors";

/**
 * A Flower POST's parameters: the query string and the body (form or JSON) together, the body
 * winning, then parsed with `schema`. A bad one is an InvalidParameterError (400 naming it).
 */
export function flowerPostParams<S extends z.ZodType>(schema: S, request: Request, body: unknown): z.output<S> {
  const query = rawParamsFrom(new URL(request.url).searchParams);
  const merged = { ...query, ...(typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) };
  return parseFlowerParams(schema, merged);
}

export function parseFlowerParams<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = String(issue?.path[0] ?? "body");
  const message = issue?.code === "unrecognized_keys" ? "not an option Bloom sends tasks with (args, kwargs, queue, countdown, eta, expires, priority)" : (issue?.message ?? "is invalid");
  throw new InvalidParameterError(issue?.code === "unrecognized_keys" ? (issue.keys[0] ?? param) : param, message);
}
