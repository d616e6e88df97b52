import { ControlArgumentError } from "@/lib/celery/control-messages";
import { TaskMessageError } from "@/lib/celery/task-message";
import { describeError } from "@/lib/broker/describe-error";

export type ControlErrorCode = "invalid_argument" | "broker_unavailable" | "closed" | "publish_failed";

/** Every failure of a ControlChannel call, with a stable code for the service and HTTP layers. */
export class ControlError extends Error {
  override readonly name = "ControlError";
  constructor(
    readonly code: ControlErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Maps whatever a call threw onto a ControlError: the protocol library's argument errors keep
 * their field; anything else is the broker's fault (`fallback`), with a one-line reason.
 */
export function toControlError(error: unknown, fallback: "broker_unavailable" | "publish_failed", context: string): ControlError {
  if (error instanceof ControlError) return error;
  if (error instanceof ControlArgumentError || error instanceof TaskMessageError) {
    return new ControlError("invalid_argument", error.message, error.field);
  }
  return new ControlError(fallback, `${context}: ${describeError(error)}`);
}
