"use client";

import { useTimeMode } from "./table-preferences";

export function TimeModeToggle() {
  const [mode, setMode] = useTimeMode();
  return (
    <label className="inline-flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
      <input
        type="checkbox"
        className="size-4 rounded border-slate-300 accent-emerald-600 dark:border-slate-600"
        checked={mode === "absolute"}
        onChange={(event) => setMode(event.target.checked ? "absolute" : "relative")}
      />
      Absolute times (UTC)
    </label>
  );
}
