/** Stable codes of the broker services; lib/http/error-status.ts maps them to HTTP. */
export const BROKER_ERROR_STATUS = {
  /** the input does not fit (confirmation that is not the queue's name, an internal queue) */
  invalid_input: 400,
  /** BLOOM_READ_ONLY is on */
  read_only: 403,
  /** the broker has no such queue (RabbitMQ) */
  not_found: 404,
  /** the name is taken by something that is not a queue (a Redis key of another type) */
  conflict: 409,
  /** the broker, or its management API, cannot be reached */
  broker_unavailable: 503,
} as const;

export type BrokerErrorCode = keyof typeof BROKER_ERROR_STATUS;

export class BrokerServiceError extends Error {
  override readonly name = "BrokerServiceError";
  constructor(
    readonly code: BrokerErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return BROKER_ERROR_STATUS[this.code];
  }
}
