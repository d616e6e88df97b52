"use client";

import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";
import { useAutoRefresh } from "./table-preferences";

const INTERVAL_MS = 10_000;

/**
 * Re-renders the page on the server (same URL, same filters) on demand or every 10 s while
 * the tab is visible. A refresh keeps the page's cursor, so a deep page does not jump.
 */
export function AutoRefresh() {
  const router = useRouter();
  const [on, setOn] = useAutoRefresh();
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (!on) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") startTransition(() => router.refresh());
    }, INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [on, router]);

  return (
    <div className="inline-flex items-center gap-3">
      <button
        type="button"
        onClick={() => startTransition(() => router.refresh())}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800"
        disabled={pending}
      >
        {pending ? "Refreshing…" : "Refresh"}
      </button>
      <label className="inline-flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <input type="checkbox" className="size-4 accent-emerald-600" checked={on} onChange={(event) => setOn(event.target.checked)} />
        Auto-refresh (10 s)
      </label>
    </div>
  );
}
