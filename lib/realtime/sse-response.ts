import type { ChangeHub } from "./change-hub";
import { sseComment, sseMessage, sseRetry } from "./sse-format";
import type { StreamTopic } from "./stream-protocol";

export const HEARTBEAT_MS = 15_000;
const RECONNECT_MS = 3_000;

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform keeps compression (Next's and proxies') from holding events back.
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

/**
 * A Server-Sent Events response fed by the hub until the browser goes away (the request's
 * abort signal or the stream's cancel, whichever comes first). A comment every 15 s keeps
 * proxies and load balancers from closing a quiet stream.
 */
export function sseResponse(hub: ChangeHub, options: { topics: StreamTopic[]; lastEventId: string | null; eventsAfterId?: bigint | null; signal: AbortSignal; heartbeatMs?: number }): Response {
  const encoder = new TextEncoder();
  let cleanup: () => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let unsubscribe: (() => void) | null = null;
      let heartbeat: NodeJS.Timeout | null = null;
      cleanup = () => {
        if (closed) return;
        closed = true;
        if (heartbeat) clearInterval(heartbeat);
        unsubscribe?.();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      options.signal.addEventListener("abort", () => cleanup(), { once: true });
      send(sseRetry(RECONNECT_MS));
      heartbeat = setInterval(() => send(sseComment("heartbeat")), options.heartbeatMs ?? HEARTBEAT_MS);
      try {
        const off = await hub.subscribe({ topics: options.topics, lastEventId: options.lastEventId, eventsAfterId: options.eventsAfterId }, ({ id, message }) => send(sseMessage(id, message.event, message.data)));
        // The browser may have left while the subscription was being set up.
        if (closed) off();
        else unsubscribe = off;
      } catch {
        cleanup();
      }
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
