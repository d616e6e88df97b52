"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { invalidationsFor } from "@/lib/live/invalidation-plan";
import { queryKeys } from "@/lib/query-keys";
import { createThrottledInvalidator } from "@/lib/live/throttled-invalidator";
import { useEventStream, type StreamStatus } from "@/lib/live/use-event-stream";
import { streamUrl, type StreamMessage } from "@/lib/realtime/stream-protocol";

const LiveStatusContext = createContext<StreamStatus>("connecting");

export function useLiveStatus(): StreamStatus {
  return useContext(LiveStatusContext);
}

/** At most one refetch round per second, however busy the cluster. */
const INVALIDATE_EVERY_MS = 1_000;

/**
 * Keeps every query on the page current: one stream per tab, each message turned into
 * react-query invalidations (lib/live/invalidation-plan.ts). No polling anywhere.
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [invalidator] = useState(() =>
    createThrottledInvalidator((keys) => {
      // Queued work is asked of the workers (inspect) on demand: a resync must not broadcast.
      if (keys === "all") void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.queued.all()[0] });
      else for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    }, INVALIDATE_EVERY_MS),
  );
  useEffect(() => () => invalidator.dispose(), [invalidator]);

  const mountedAt = useRef(0);
  const readyCount = useRef(0);
  useEffect(() => {
    mountedAt.current = Date.now();
  }, []);

  const status = useEventStream(streamUrl(["changes"]), (message: StreamMessage) => {
    if (message.event === "ready") {
      readyCount.current += 1;
      // After a reconnect anything may have changed. On the first connection, only if a
      // change landed since the server rendered this page (allowing a few seconds for it).
      const sinceMount = Date.now() - mountedAt.current;
      const missed = message.data.lastChangeMsAgo !== null && message.data.lastChangeMsAgo < sinceMount + 5_000;
      if (readyCount.current > 1 || missed) invalidator.push("all");
      return;
    }
    invalidator.push(invalidationsFor(message));
  });

  return <LiveStatusContext.Provider value={status}>{children}</LiveStatusContext.Provider>;
}
