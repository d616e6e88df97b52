import type { ReactNode } from "react";

/**
 * One headline figure with its label; `badge` judges it (colour plus a word). A named
 * group, so tests and screen readers find "Processed" and read its value with it.
 */
export function Stat({ label, value, badge, hint }: { label: string; value: string; badge?: ReactNode; hint?: ReactNode }) {
  return (
    <div role="group" aria-label={label} className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <dt className="truncate text-xs font-medium text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 flex flex-wrap items-center gap-2">
        <span className="text-xl font-semibold tabular-nums">{value}</span>
        {badge}
      </dd>
      {hint ? <dd className="mt-1 truncate text-xs text-slate-500 dark:text-slate-400">{hint}</dd> : null}
    </div>
  );
}

export function StatGrid({ label, children }: { label: string; children: ReactNode }) {
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-3 sm:grid-cols-[repeat(auto-fit,minmax(11rem,1fr))]">
      {children}
    </dl>
  );
}
