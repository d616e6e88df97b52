"use client";

import { useLiveStatus } from "./live-updates";

const LABEL = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" } as const;

/** Whether what the page shows is being kept current. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span role="status" aria-live="polite" className="inline-flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
      <span
        aria-hidden="true"
        className={`h-2 w-2 rounded-full ${status === "live" ? "bg-emerald-500" : status === "connecting" ? "bg-slate-400" : "animate-pulse bg-amber-500"}`}
      />
      {LABEL[status]}
    </span>
  );
}
