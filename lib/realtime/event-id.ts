/**
 * Stream event ids are `<boot>.<seq>`: a per-process boot id and a sequence number. After a
 * reconnect the browser sends the last one back (Last-Event-ID); only the same process,
 * with the message still in its buffer, can replay what was missed.
 */
export type EventId = { boot: string; seq: number };

export function formatEventId(id: EventId): string {
  return `${id.boot}.${id.seq}`;
}

export function parseEventId(text: string | null | undefined): EventId | null {
  if (!text) return null;
  const match = /^([A-Za-z0-9_-]{1,64})\.(\d{1,15})$/.exec(text.trim());
  return match ? { boot: match[1] ?? "", seq: Number(match[2]) } : null;
}
