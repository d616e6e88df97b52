/**
 * Typed errors services raise for callers to map: a page shows a notice, the API answers
 * 4xx/5xx with a stable code (lib/http). Never told apart by their message text.
 */

/** A request parameter that parsed but cannot be used (e.g. a cursor of another sort order). */
export class InvalidParameterError extends Error {
  readonly code = "invalid_parameter";
  constructor(
    readonly param: string,
    readonly reason: string,
  ) {
    super(`${param}: ${reason}`);
    this.name = "InvalidParameterError";
  }
}
