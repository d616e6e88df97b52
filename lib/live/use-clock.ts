"use client";

import { useSyncExternalStore } from "react";

/**
 * A shared one-second clock for relative times ("5 s ago"), so a page with a hundred of
 * them has one timer. On the server (and during hydration) it reads null, letting
 * components render a stable server string first.
 */
let now = 0;
/** Whole seconds: a snapshot must not change between two reads in one render. */
const currentSecond = () => Math.floor(Date.now() / 1000) * 1000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = currentSecond();
    timer = setInterval(() => {
      now = currentSecond();
      for (const l of listeners) l();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useClock(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => (timer ? now : currentSecond()),
    () => null,
  );
}

const noop = () => () => undefined;

/** false on the server and during hydration, true after: for output that must differ between them (local time zones). */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
