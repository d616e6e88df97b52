/**
 * The one error class of the control services, with stable codes the HTTP layer maps to a
 * status (lib/http/error-status.ts) and forms show as they are. Never told apart by message.
 */
export const CONTROL_ERROR_STATUS = {
  /** the input does not fit (bad pool size, malformed rate limit, unknown signal...) */
  invalid_input: 400,
  /** a named worker is not in Bloom's workers table */
  unknown_worker: 404,
  /** a task id Bloom has never seen */
  unknown_task: 404,
  /** the request is valid but not in this state (retrying a task that is still running) */
  conflict: 409,
  /** the result backend is not one Bloom can read, or none is configured */
  unsupported: 501,
  /** the broker (or the result backend) cannot be reached */
  broker_unavailable: 503,
  /** no expected worker answered within the timeout: the command's fate is unknown */
  timeout: 504,
} as const;

export type ControlServiceErrorCode = keyof typeof CONTROL_ERROR_STATUS;

export class ControlServiceError extends Error {
  override readonly name = "ControlServiceError";
  constructor(
    readonly code: ControlServiceErrorCode,
    message: string,
    /** the input field at fault, for forms */
    readonly field?: string,
  ) {
    super(message);
  }

  get status(): number {
    return CONTROL_ERROR_STATUS[this.code];
  }
}
