import type { ParamProblem } from "@/lib/schemas/query-params";
import { statusOfError } from "./error-status";

/** The API's error body: a stable code for programs, a message for people. */
export type ApiErrorBody = { error: { code: string; message: string } };

export function jsonError(status: number, code: string, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

/** A query parameter that failed validation; the message starts with its name. */
export function invalidParameter(problem: ParamProblem): Response {
  return jsonError(400, "invalid_parameter", `${problem.param}: ${problem.message}`);
}

/**
 * Typed errors to responses. Anything unexpected is a 500 whose message says nothing about
 * internals (SQL, stack traces); the server log has those.
 */
export function errorResponse(error: unknown): Response {
  const mapped = statusOfError(error);
  if (mapped) return jsonError(mapped.status, mapped.code, mapped.message);
  console.error(error);
  return jsonError(500, "internal_error", "internal error");
}
