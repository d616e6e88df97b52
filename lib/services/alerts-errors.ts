/** Typed errors of the alerts services, mapped to HTTP by lib/http/error-status.ts. */
export class AlertNotFoundError extends Error {
  readonly code = "not_found";
  constructor(what: "rule" | "channel", id: string) {
    super(`no alert ${what} ${id}`);
    this.name = "AlertNotFoundError";
  }
}

/** A request that is well-formed but conflicts with what is stored (deleting a builtin rule, an unknown channel id). */
export class AlertConflictError extends Error {
  readonly code = "conflict";
  constructor(message: string) {
    super(message);
    this.name = "AlertConflictError";
  }
}
