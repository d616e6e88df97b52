import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { buildBroadcastRequest, expectedRepliesFor, type ExpectedReplies, type PidboxRequest } from "@/lib/celery/control-messages";
import type { JsonObject } from "@/lib/celery/json-value";
import type { BroadcastOptions } from "./control-channel";
import { ControlError, toControlError } from "./control-error";

export const MAX_BROADCAST_TIMEOUT_MS = 300_000;

// celery: anonymous senders are `gen<pid>@<host>` in Celery; Bloom's name says who sent the task.
export function defaultOrigin(): string {
  return `bloom${process.pid}@${hostname()}`;
}

export type BroadcastPlan = {
  request: PidboxRequest;
  /** undefined for a cast: nothing to wait for */
  ticket: string | undefined;
  expected: ExpectedReplies | undefined;
  timeoutMs: number;
};

/**
 * Validates a broadcast call and builds its request, the same way for both brokers.
 * Throws ControlError("invalid_argument") before anything touches the network.
 */
export function planBroadcast(
  method: string,
  args: JsonObject,
  options: BroadcastOptions,
  reply: { exchange: string; routingKey: string },
): BroadcastPlan {
  const { timeoutMs } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_BROADCAST_TIMEOUT_MS) {
    throw new ControlError("invalid_argument", `timeoutMs must be 1..${MAX_BROADCAST_TIMEOUT_MS}`, "timeoutMs");
  }
  try {
    const expected = expectedRepliesFor(options.destination, options.expectedReplies);
    const cast = expected !== undefined && (typeof expected === "number" ? expected === 0 : expected.length === 0);
    const ticket = cast ? undefined : randomUUID();
    const request = buildBroadcastRequest({
      method,
      arguments: args,
      ...(options.destination ? { destination: options.destination } : {}),
      ...(options.pattern !== undefined ? { pattern: options.pattern } : {}),
      ...(options.matcher !== undefined ? { matcher: options.matcher } : {}),
      ...(ticket ? { reply: { ticket, exchange: reply.exchange, routingKey: reply.routingKey } } : {}),
    });
    return { request, ticket, expected, timeoutMs };
  } catch (error) {
    throw toControlError(error, "publish_failed", "cannot build the request");
  }
}
