"use client";

import { useMemo } from "react";
import { parseTaskColumns, type TaskColumn } from "@/lib/schemas/task-columns";
import { useLocalPreference } from "./use-local-preference";

export type TimeMode = "relative" | "absolute";

const COLUMNS_KEY = "bloom.tasks.columns";
const TIME_MODE_KEY = "bloom.timeMode";
const AUTO_REFRESH_KEY = "bloom.tasks.autoRefresh";

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The tasks table's columns (Flower's defaults until the user chooses). */
export function useTaskColumns(): [readonly TaskColumn[], (columns: readonly TaskColumn[] | null) => void] {
  const [stored, store] = useLocalPreference(COLUMNS_KEY);
  const columns = useMemo(() => parseTaskColumns(parseJson(stored)), [stored]);
  return [columns, (next) => store(next === null ? null : JSON.stringify(next))];
}

/** Relative ("3 min ago") or absolute times, for every time shown in the console. */
export function useTimeMode(): [TimeMode, (mode: TimeMode) => void] {
  const [stored, store] = useLocalPreference(TIME_MODE_KEY);
  return [stored === "absolute" ? "absolute" : "relative", (mode) => store(mode)];
}

export function useAutoRefresh(): [boolean, (on: boolean) => void] {
  const [stored, store] = useLocalPreference(AUTO_REFRESH_KEY);
  return [stored === "on", (on) => store(on ? "on" : null)];
}
