import type { HealthTone } from "@/lib/health/tone";

export type BadgeTone = HealthTone | "neutral";

const TONE_CLASSES: Record<BadgeTone, string> = {
  healthy: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300",
  warning: "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
  critical: "bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300",
  neutral: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
};

/** A coloured label; the text itself carries the meaning, so colour is never the only cue. */
export function StatusBadge({ tone, children, title }: { tone: BadgeTone; children: string; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ${TONE_CLASSES[tone]}`}>
      {children}
    </span>
  );
}

/** The word for a health verdict, for badges that judge a number. */
export function HealthBadge({ tone }: { tone: HealthTone | null }) {
  return <StatusBadge tone={tone ?? "neutral"}>{tone ?? "no data"}</StatusBadge>;
}
