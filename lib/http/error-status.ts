import { ForbiddenError, UnauthenticatedError } from "@/lib/auth/actor";
import { QueryTimeoutError } from "@/lib/repositories/postgres-errors";
import { InvalidParameterError } from "@/lib/services/service-errors";
import { AlertConflictError, AlertNotFoundError } from "@/lib/services/alerts-errors";
import { ControlServiceError } from "@/lib/services/control/control-service-error";
import { BeatServiceError } from "@/lib/services/beat-errors";
import { BrokerServiceError } from "@/lib/services/broker-errors";
import { webLogger as logger } from "@/lib/log/web-logger";
import { errorResponse, HttpError } from "./errors";

export type ErrorStatus = { status: number; code: string; message: string };

/**
 * The one mapping from typed errors to HTTP answers, shared by route handlers and server
 * actions. Errors are told apart by class, never by message text. Anything unknown is
 * `undefined` here: the caller logs it and answers a 500 that reveals nothing.
 */
export function statusOfError(error: unknown): ErrorStatus | undefined {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof InvalidParameterError) return { status: 400, code: "invalid_parameter", message: error.message };
  if (error instanceof AlertNotFoundError) return { status: 404, code: error.code, message: error.message };
  if (error instanceof AlertConflictError) return { status: 409, code: error.code, message: error.message };
  if (error instanceof ControlServiceError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof BeatServiceError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof BrokerServiceError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof UnauthenticatedError) return { status: 401, code: error.code, message: error.message };
  if (error instanceof ForbiddenError) return { status: 403, code: error.code, message: error.message };
  if (error instanceof QueryTimeoutError) {
    return { status: 503, code: "query_timeout", message: `${error.message}; narrow the filter or the time range` };
  }
  return undefined;
}

/**
 * A thrown error as the response: typed errors (HttpError, access, validation) get their
 * status; anything else is logged and answered with a 500 that says nothing about internals
 * (SQL, stack traces) — the server log has those.
 */
export function responseForError(error: unknown, path: string): Response {
  const mapped = statusOfError(error);
  if (mapped) return errorResponse(mapped.status, mapped.code, mapped.message);
  logger().error({ err: error, path }, "request failed");
  return errorResponse(500, "internal", "Something went wrong on the server; its log has the details.");
}
