import Link from "next/link";

const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800";
const disabledClass = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400 dark:border-slate-800 dark:text-slate-600";

/** Keyset pages: first, previous and next (there is no "page 37 of N": counting would cost a table scan). */
export function Pager({ first, previous, next, summary }: { first: string | null; previous: string | null; next: string | null; summary: string }) {
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">{summary}</p>
      <div className="flex gap-2">
        {first ? (
          <Link href={first} className={linkClass}>
            First page
          </Link>
        ) : null}
        {previous ? (
          <Link href={previous} className={linkClass} rel="prev">
            ← Previous page
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true">
            ← Previous page
          </span>
        )}
        {next ? (
          <Link href={next} className={linkClass} rel="next">
            Next page →
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true">
            Next page →
          </span>
        )}
      </div>
    </nav>
  );
}
