import type { HealthTone } from "@/lib/health/tone";
import type { EntryVerdict } from "./run-analysis";

export type BeatHealthSummary = {
  /** null: nothing to judge (no entries, or none ever seen running) */
  tone: HealthTone | null;
  /** running: all judged entries ran; degraded: some missed; stopped: all missed; not-seen / none: nothing to judge */
  state: "running" | "degraded" | "stopped" | "not-seen" | "none";
  entries: number;
  missing: number;
  /** entries that ran at least once in view (only these can be judged) */
  judged: number;
  /** newest run of any entry */
  lastRunAt: number | null;
  message: string;
};

/**
 * One verdict for beat as a whole. Beat is one process sending every entry, so when every
 * entry that was ever seen running has stopped, beat itself stopped: critical. Some entries
 * missing is a warning (a disabled entry in one source, a task renamed, a broken schedule).
 */
export function summarizeBeatHealth(entries: readonly { verdict: EntryVerdict; lastRunAt: number | null }[]): BeatHealthSummary {
  const active = entries.filter((entry) => entry.verdict !== "disabled" && entry.verdict !== "unknown");
  const judged = active.filter((entry) => entry.verdict !== "never-run");
  const missing = judged.filter((entry) => entry.verdict === "missing").length;
  const lastRunAt = entries.reduce<number | null>((max, entry) => (entry.lastRunAt !== null && (max === null || entry.lastRunAt > max) ? entry.lastRunAt : max), null);
  const base = { entries: entries.length, missing, judged: judged.length, lastRunAt };
  if (entries.length === 0) return { ...base, tone: null, state: "none", message: "No periodic tasks are configured." };
  if (judged.length === 0) return { ...base, tone: null, state: "not-seen", message: "No run of a periodic task has been seen yet." };
  if (missing === judged.length) return { ...base, tone: "critical", state: "stopped", message: "Beat stopped sending: every periodic task missed its last run." };
  if (missing > 0) return { ...base, tone: "warning", state: "degraded", message: `${missing} of ${judged.length} periodic tasks missed their last run.` };
  return { ...base, tone: "healthy", state: "running", message: "Every periodic task ran when expected." };
}
