/**
 * A stream event id is the position a browser has reached, in numbers every web replica
 * shares: `<change>` — the seq of the last change delivered (change_log) — and, on streams
 * that carry task events, `-<event>`: the last task_events id delivered. After a reconnect
 * the browser sends it back (Last-Event-ID) and whichever replica it reaches replays from
 * there. Ids of the old per-process form (`<boot>.<seq>`) do not parse: they get a resync.
 */
export type StreamPosition = { change: number; event: bigint | null };

export function formatEventId(position: StreamPosition): string {
  return position.event === null ? String(position.change) : `${position.change}-${position.event}`;
}

export function parseEventId(text: string | null | undefined): StreamPosition | null {
  if (!text) return null;
  const match = /^(\d{1,15})(?:-(\d{1,19}))?$/.exec(text.trim());
  if (!match) return null;
  const event = match[2] === undefined ? null : BigInt(match[2]);
  // task_events.id is a signed int8
  if (event !== null && event > 9_223_372_036_854_775_807n) return null;
  return { change: Number(match[1]), event };
}
