"use client";

import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";

/** "online", or "offline" with when it went away. */
export function WorkerStatus({ online, wentAwayAt }: { online: boolean; wentAwayAt: number | null }) {
  if (online) return <StatusBadge tone="healthy">online</StatusBadge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <StatusBadge tone="neutral">offline</StatusBadge>
      {wentAwayAt !== null ? (
        <span className="text-xs text-slate-500 dark:text-slate-400">
          since <RelativeTime at={wentAwayAt} />
        </span>
      ) : null}
    </span>
  );
}
