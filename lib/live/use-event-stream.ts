"use client";

import { useEffect, useRef, useState } from "react";
import { withBasePath } from "@/lib/http/base-path";
import { resumeUrl, type StreamEventName, type StreamMessage } from "@/lib/realtime/stream-protocol";

export type StreamStatus = "connecting" | "live" | "reconnecting";

const EVENT_NAMES: readonly StreamEventName[] = ["ready", "changes", "health", "task-events", "resync"];
/** When the browser gave up (the server answered with an error), try again after this long. */
const REOPEN_MS = 5_000;

/**
 * Subscribes to /api/stream (under the URL prefix) with the browser's EventSource (which reconnects by itself and
 * sends Last-Event-ID; when it gives up, a new one is opened that resumes from the same id). `onMessage` always sees the latest render's callback without
 * reopening the stream.
 */
export function useEventStream(url: string, onMessage: (message: StreamMessage) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let disposed = false;
    let lastEventId = "";

    const open = () => {
      // A new EventSource sends no Last-Event-ID of its own: carry it over, so that whichever
      // replica answers replays what was missed while the old one was failing.
      source = new EventSource(withBasePath(resumeUrl(url, lastEventId)));
      for (const name of EVENT_NAMES) {
        source.addEventListener(name, (event) => {
          const message = event as MessageEvent<string>;
          if (message.lastEventId) lastEventId = message.lastEventId;
          const data = parseData(message.data);
          if (data === undefined) return;
          if (name === "ready") setStatus("live");
          handler.current({ event: name, data } as StreamMessage);
        });
      }
      source.onerror = () => {
        if (disposed) return;
        setStatus("reconnecting");
        // CLOSED means the browser will not retry on its own (e.g. a 502 from a proxy).
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopenTimer = setTimeout(open, REOPEN_MS);
        }
      };
    };
    open();
    return () => {
      disposed = true;
      if (reopenTimer) clearTimeout(reopenTimer);
      source?.close();
    };
  }, [url]);

  return status;
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
