import { randomUUID } from "node:crypto";

/**
 * Every request gets an id, logged with its access line and sent back as X-Request-Id, so
 * a user's report, nginx's log and Bloom's log can be matched. A trusted proxy's id
 * (nginx: `proxy_set_header X-Request-Id $request_id`) is kept so both logs share it; from
 * anyone else the header is replaced, so a client cannot forge or flood log fields.
 */
export const REQUEST_ID_HEADER = "x-request-id";

const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFor(incoming: string | string[] | undefined, fromTrustedProxy: boolean): string {
  const given = Array.isArray(incoming) ? incoming[0] : incoming;
  if (fromTrustedProxy && given !== undefined && ACCEPTABLE.test(given)) return given;
  return randomUUID();
}
