import { z } from "zod";
import { parseTaskColumns, type TaskColumn } from "./task-columns";

/** Relative ("3 min ago", Flower's natural_time) or absolute (UTC) times. */
export const TIME_MODES = ["relative", "absolute"] as const;
export type TimeMode = (typeof TIME_MODES)[number];

export type DisplayPreferences = {
  tasksColumns: readonly TaskColumn[];
  timeMode: TimeMode;
};

/** A change sent by the console: a field left out is kept, null goes back to the default. */
export const displayPreferencesPatch = z.strictObject({
  tasksColumns: z.array(z.string().max(32)).max(64).nullable().optional(),
  timeMode: z.enum(TIME_MODES).nullable().optional(),
});
export type DisplayPreferencesPatch = z.input<typeof displayPreferencesPatch>;

/**
 * What is stored, read leniently: a value Bloom no longer understands (a column since
 * renamed, a mode since dropped) falls back to the default instead of failing the page.
 */
export function resolveDisplayPreferences(stored: unknown, defaults: DisplayPreferences): DisplayPreferences {
  const object = stored !== null && typeof stored === "object" && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const columns = Array.isArray(object["tasksColumns"]) ? parseTaskColumns(object["tasksColumns"]) : defaults.tasksColumns;
  const mode = z.enum(TIME_MODES).safeParse(object["timeMode"]);
  return { tasksColumns: columns, timeMode: mode.success ? mode.data : defaults.timeMode };
}
