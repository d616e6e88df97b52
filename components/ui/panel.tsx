import { useId, type ReactNode } from "react";

/** A titled region of a page; the heading names it for assistive tech (role "region"). */
export function Panel({ title, actions, children, className = "" }: { title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={`min-w-0 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 ${className}`}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-sm font-medium text-slate-600 dark:text-slate-300">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
