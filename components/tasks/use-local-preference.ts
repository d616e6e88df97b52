"use client";

import { useCallback, useSyncExternalStore } from "react";

/**
 * A per-browser preference in localStorage (until users have profiles), shared by every
 * component that reads it and kept in step across tabs. The server has no localStorage, so it
 * renders the default; the browser hydrates with the default too and then switches to the
 * stored value — no hydration mismatch, at most one quick re-render.
 */
const CHANGED = "bloom:preference-changed";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled (privacy mode): behave as if nothing was stored
  }
}

/** The raw stored string (null when unset) and a setter; parse it with useMemo in the caller. */
export function useLocalPreference(key: string): [string | null, (value: string | null) => void] {
  const stored = useSyncExternalStore(subscribe, () => read(key), () => null);
  const store = useCallback(
    (value: string | null) => {
      try {
        if (value === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, value);
      } catch {
        return;
      }
      window.dispatchEvent(new Event(CHANGED));
    },
    [key],
  );
  return [stored, store];
}
