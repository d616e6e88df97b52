"use client";

import { useTimeMode } from "./table-preferences";
import { TimeText } from "./time-text";
import { useNow } from "./use-now";

/** A time that follows the user's relative/absolute choice and the clock. */
export function LiveTime({ at, renderedAt, millis = false }: { at: number | null; renderedAt: number; millis?: boolean }) {
  const [mode] = useTimeMode();
  const now = useNow(renderedAt);
  return <TimeText at={at} mode={mode} now={now} millis={millis} />;
}
