"use client";

import { useSyncExternalStore } from "react";

/** Relative times ("3 min ago") move on every this many ms. */
const TICK_MS = 15_000;

function subscribe(onTick: () => void): () => void {
  const timer = window.setInterval(onTick, TICK_MS);
  return () => window.clearInterval(timer);
}

// Rounded to the tick, so every read within one render (and between ticks) agrees.
const snapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

/**
 * "Now" for relative times. During hydration it is the server's render time, so the first
 * client render prints exactly what the server did; afterwards it follows the clock.
 */
export function useNow(renderedAt: number): number {
  return useSyncExternalStore(subscribe, snapshot, () => renderedAt);
}
