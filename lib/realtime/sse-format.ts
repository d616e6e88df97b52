/**
 * Server-Sent Events framing (WHATWG HTML §9.2). JSON never contains a raw newline, so
 * one `data:` line per message is enough; comments keep proxies from closing idle streams.
 */
export function sseMessage(id: string, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function sseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

/** How long the browser waits before reconnecting after the stream drops. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}
