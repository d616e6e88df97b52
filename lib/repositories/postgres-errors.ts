import { Prisma } from "@/lib/generated/prisma/client";

/** SQLSTATE of a query cancelled by statement_timeout. */
export const QUERY_CANCELED = "57014";

/**
 * The SQLSTATE of a failed raw query. Prisma wraps driver errors (P2010 with the adapter's
 * error in `meta`); errors are told apart by this code, never by their message text.
 */
export function postgresErrorCode(error: unknown): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const adapterError = error.meta?.driverAdapterError;
  if (typeof adapterError !== "object" || adapterError === null || !("cause" in adapterError)) return null;
  const cause: unknown = adapterError.cause;
  if (typeof cause !== "object" || cause === null || !("code" in cause)) return null;
  return typeof cause.code === "string" ? cause.code : null;
}

/** A read that ran into its statement timeout: the filter or search is too broad to answer in time. */
export class QueryTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} took longer than ${timeoutMs / 1000} s`);
    this.name = "QueryTimeoutError";
  }
}
