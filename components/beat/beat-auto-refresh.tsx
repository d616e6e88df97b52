"use client";

import { useRouter } from "next/navigation";
import { useEffect, useTransition } from "react";

/** Re-renders the page on the server every few seconds while the tab is visible: runs arrive, countdowns roll over. */
export function BeatAutoRefresh({ intervalMs = 5_000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") startTransition(() => router.refresh());
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [router, intervalMs]);
  return null;
}
