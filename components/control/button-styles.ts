/** The control buttons' look, shared so every action reads the same. */
export function buttonClass(tone: "primary" | "danger" | "neutral" = "primary"): string {
  const base = "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";
  if (tone === "danger") return `${base} bg-red-600 text-white hover:bg-red-700 dark:bg-red-700 dark:hover:bg-red-600`;
  if (tone === "neutral") return `${base} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700`;
  return `${base} bg-emerald-600 text-white hover:bg-emerald-700 dark:bg-emerald-700 dark:hover:bg-emerald-600`;
}

export const inputClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100";
