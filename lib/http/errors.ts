import type { ParamProblem } from "@/lib/schemas/query-params";

/** Errors a route may answer with; anything else becomes a 500 that reveals nothing. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function notFound(message: string): HttpError {
  return new HttpError(404, "not_found", message);
}

export type ErrorBody = { error: { code: string; message: string } };

export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } } satisfies ErrorBody, { status, headers: { "Cache-Control": "no-store" } });
}

/** A query parameter that failed validation; the message starts with its name. */
export function invalidParameter(problem: ParamProblem): Response {
  return errorResponse(400, "invalid_parameter", `${problem.param}: ${problem.message}`);
}
