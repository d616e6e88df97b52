"use client";

import { useLocalPreference } from "./use-local-preference";

/**
 * The tasks pages' per-browser choices. Columns and time mode belong to the person and live
 * in their profile (display-preferences.tsx); auto-refresh is about this tab's load, so it
 * stays in this browser.
 */
export { useTaskColumns, useTimeMode } from "./display-preferences";
export type { TimeMode } from "@/lib/schemas/display-preferences";

const AUTO_REFRESH_KEY = "bloom.tasks.autoRefresh";

export function useAutoRefresh(): [boolean, (on: boolean) => void] {
  const [stored, store] = useLocalPreference(AUTO_REFRESH_KEY);
  return [stored === "on", (on) => store(on ? "on" : null)];
}
