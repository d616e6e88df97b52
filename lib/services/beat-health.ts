import type { BeatHealthSummary } from "@/lib/beat/beat-health";
import { createLogger } from "@/lib/log/logger";
import { getBeatOverview } from "./beat-schedule";

/** The dashboard refreshes its overview on every change; the beat verdict is recomputed at most this often. */
const CACHE_MS = 5_000;

let cached: { at: number; value: Promise<BeatHealthSummary | null> } | null = null;
let log: ReturnType<typeof createLogger> | undefined;

/** Beat's health for the dashboard; null when it cannot be judged right now (a source failed to read). */
export function getBeatHealth(now = Date.now()): Promise<BeatHealthSummary | null> {
  if (cached && now - cached.at < CACHE_MS) return cached.value;
  const value = getBeatOverview(now)
    .then((overview) => overview.health)
    .catch((error: unknown) => {
      log ??= createLogger("web");
      log.warn({ err: error }, "beat health could not be computed");
      return null;
    });
  cached = { at: now, value };
  return value;
}
