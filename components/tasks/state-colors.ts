/**
 * Task state colours, the same everywhere (badges, counts, charts): SUCCESS green, STARTED
 * blue, PENDING/RECEIVED yellow, FAILURE red, RETRY grey, REVOKED purple; REJECTED and custom
 * states (PROGRESS, …) get neutral tones. The state is always written out too: colour alone
 * must not carry the meaning.
 */
const STATE_CLASSES: Record<string, string> = {
  SUCCESS: "bg-emerald-100 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-900/40 dark:text-emerald-300 dark:ring-emerald-400/30",
  STARTED: "bg-blue-100 text-blue-800 ring-blue-600/20 dark:bg-blue-900/40 dark:text-blue-300 dark:ring-blue-400/30",
  PENDING: "bg-yellow-100 text-yellow-900 ring-yellow-600/30 dark:bg-yellow-900/40 dark:text-yellow-200 dark:ring-yellow-400/30",
  RECEIVED: "bg-yellow-100 text-yellow-900 ring-yellow-600/30 dark:bg-yellow-900/40 dark:text-yellow-200 dark:ring-yellow-400/30",
  FAILURE: "bg-red-100 text-red-800 ring-red-600/20 dark:bg-red-900/40 dark:text-red-300 dark:ring-red-400/30",
  RETRY: "bg-slate-200 text-slate-800 ring-slate-500/20 dark:bg-slate-700 dark:text-slate-200 dark:ring-slate-400/30",
  REVOKED: "bg-purple-100 text-purple-800 ring-purple-600/20 dark:bg-purple-900/40 dark:text-purple-300 dark:ring-purple-400/30",
};

const OTHER = "bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-800 dark:text-slate-300 dark:ring-slate-400/30";

export function stateClasses(state: string): string {
  return STATE_CLASSES[state] ?? OTHER;
}

/** Solid colours for chart marks (recharts takes colour values, not classes). */
const STATE_FILLS: Record<string, string> = {
  SUCCESS: "#059669",
  STARTED: "#2563eb",
  PENDING: "#ca8a04",
  RECEIVED: "#ca8a04",
  FAILURE: "#dc2626",
  RETRY: "#64748b",
  REVOKED: "#9333ea",
};

export function stateFill(state: string): string {
  return STATE_FILLS[state] ?? "#94a3b8";
}
