"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { DisplayPreferences, DisplayPreferencesPatch, TimeMode } from "@/lib/schemas/display-preferences";
import { DEFAULT_TASK_COLUMNS, type TaskColumn } from "@/lib/schemas/task-columns";
import type { DisplayPreferencesView } from "@/lib/services/display-preferences";

type Context = {
  preferences: DisplayPreferencesView;
  save: (patch: DisplayPreferencesPatch) => void;
};

const FALLBACK: DisplayPreferences = { tasksColumns: DEFAULT_TASK_COLUMNS, timeMode: "absolute" };
const PreferencesContext = createContext<Context | null>(null);

/**
 * The signed-in person's display choices, read on the server with the page (so the first
 * paint already has their columns and time mode) and saved to their profile when changed
 * (PUT /api/console/preferences), so they follow them to another browser. The change shows
 * at once; the save happens behind it.
 */
export function DisplayPreferencesProvider({ initial, children }: { initial: DisplayPreferencesView; children: ReactNode }) {
  const [preferences, setPreferences] = useState(initial);
  const save = useCallback((patch: DisplayPreferencesPatch) => {
    setPreferences((current) => ({
      ...current,
      ...(patch.tasksColumns !== undefined ? { tasksColumns: (patch.tasksColumns as TaskColumn[] | null) ?? current.defaults.tasksColumns } : {}),
      ...(patch.timeMode !== undefined ? { timeMode: patch.timeMode ?? current.defaults.timeMode } : {}),
    }));
    void fetch("/api/console/preferences", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(patch) })
      .then(async (response) => {
        if (!response.ok) throw new Error(`saving preferences answered ${response.status}`);
        setPreferences((await response.json()) as DisplayPreferencesView);
      })
      .catch((error: unknown) => console.error("Bloom: display preferences not saved", error));
  }, []);
  const value = useMemo(() => ({ preferences, save }), [preferences, save]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

function usePreferences(): Context | null {
  return useContext(PreferencesContext);
}

/** The tasks table's columns (the deployment's BLOOM_TASKS_COLUMNS until the person chooses); null resets. */
export function useTaskColumns(): [readonly TaskColumn[], (columns: readonly TaskColumn[] | null) => void] {
  const context = usePreferences();
  const columns = context?.preferences.tasksColumns ?? FALLBACK.tasksColumns;
  const save = context?.save;
  return [columns, (next) => save?.({ tasksColumns: next === null ? null : [...next] })];
}

/** Relative ("3 min ago") or absolute times (BLOOM_NATURAL_TIME until the person chooses). */
export function useTimeMode(): [TimeMode, (mode: TimeMode) => void] {
  const context = usePreferences();
  const save = context?.save;
  return [context?.preferences.timeMode ?? FALLBACK.timeMode, (mode) => save?.({ timeMode: mode })];
}
