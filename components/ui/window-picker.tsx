import Link from "next/link";
import { TIME_WINDOW_KEYS, TIME_WINDOWS, type TimeWindowKey } from "@/lib/dashboard/time-window";

/** The chart window as links (`?window=`), so every view is a shareable URL and works without JavaScript. */
export function WindowPicker({ current, basePath, label = "Time window" }: { current: TimeWindowKey; basePath: string; label?: string }) {
  return (
    <nav aria-label={label} className="inline-flex rounded-md border border-slate-200 bg-white p-0.5 text-sm dark:border-slate-700 dark:bg-slate-900">
      {TIME_WINDOW_KEYS.map((key) => (
        <Link
          key={key}
          href={`${basePath}?window=${key}`}
          scroll={false}
          aria-current={key === current ? "true" : undefined}
          aria-label={TIME_WINDOWS[key].label}
          className={`rounded px-2.5 py-1 focus-visible:outline-2 focus-visible:outline-emerald-600 ${
            key === current ? "bg-emerald-600 text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          }`}
        >
          {key}
        </Link>
      ))}
    </nav>
  );
}
