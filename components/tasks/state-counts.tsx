import Link from "next/link";
import { formatCount } from "@/lib/format/numbers";
import { stateClasses } from "./state-colors";

export type StateCountItem = { state: string; count: number; capped: boolean; href: string; selected: boolean };

/**
 * Tasks per state under the current filter. Each count links to the table filtered by that
 * state (and back to all states when it is the only one chosen).
 */
export function StateCounts({ items, totalCapped, cap }: { items: StateCountItem[]; totalCapped: boolean; cap: number }) {
  return (
    <section aria-labelledby="state-counts-heading" className="space-y-1">
      <h2 id="state-counts-heading" className="sr-only">
        Tasks by state
      </h2>
      {items.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No tasks match this filter.</p>
      ) : (
        <ul className="flex flex-wrap gap-2">
          {items.map((item) => {
            const amount = `${formatCount(item.count)}${item.capped ? "+" : ""}`;
            return (
              <li key={item.state}>
                <Link
                  href={item.href}
                  aria-label={`${item.state}: ${amount} ${item.count === 1 && !item.capped ? "task" : "tasks"}${item.selected ? " (filtered; select to show all states)" : ""}`}
                  className={`inline-flex items-center gap-2 rounded-md px-2.5 py-1 text-xs font-semibold ring-1 ring-inset ${stateClasses(item.state)} ${item.selected ? "outline-2 outline-offset-2 outline-emerald-600 dark:outline-emerald-400" : "opacity-90 hover:opacity-100"}`}
                >
                  <span>{item.state}</span>
                  <span className="tabular-nums font-normal">{amount}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {totalCapped ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">More than {formatCount(cap)} tasks match the search; the counts cover the first {formatCount(cap)}.</p>
      ) : items.some((item) => item.capped) ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">Counts stop at {formatCount(cap)} (“+”) to stay fast on large tables.</p>
      ) : null}
    </section>
  );
}

export function StateCountsSkeleton() {
  return (
    <div aria-hidden="true" className="flex flex-wrap gap-2">
      {[0, 1, 2, 3].map((i) => (
        <span key={i} className="h-6 w-24 animate-pulse rounded-md bg-slate-200 dark:bg-slate-800" />
      ))}
    </div>
  );
}
