import { createHmac, timingSafeEqual } from "node:crypto";
import { titleOf, type AlertMessage } from "../message";

/**
 * The generic webhook: a JSON POST of the message plus a title, versioned so receivers can
 * evolve. With a secret, `X-Bloom-Signature: sha256=<hex>` is the HMAC-SHA256 of
 * `<X-Bloom-Timestamp>.<body>` (the timestamp is signed so a captured request cannot be
 * replayed later unnoticed; receivers should refuse old timestamps).
 */
export const SIGNATURE_HEADER = "X-Bloom-Signature";
export const TIMESTAMP_HEADER = "X-Bloom-Timestamp";

export type WebhookPayload = { version: 1; title: string } & AlertMessage;

export function webhookPayload(message: AlertMessage): WebhookPayload {
  return { version: 1, title: titleOf(message), ...message };
}

export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does (and what the tests do to prove the signature checks out). */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The body and headers of one webhook request; `now` is epoch ms. */
export function webhookRequest(message: AlertMessage, secret: string | null, now: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(webhookPayload(message));
  const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "Bloom-Alerts/1" };
  if (secret) {
    const timestamp = String(Math.floor(now / 1000));
    headers[TIMESTAMP_HEADER] = timestamp;
    headers[SIGNATURE_HEADER] = signBody(secret, timestamp, body);
  }
  return { body, headers };
}
