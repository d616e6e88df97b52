import { withBasePath } from "@/lib/http/base-path";

/** Download links for the current filter (every page, not only the one shown). Plain links: the URL prefix is added here, not by Next. */
export function ExportLinks({ csv, json }: { csv: string; json: string }) {
  const linkClass = "rounded-md px-2 py-1 text-sm font-medium text-emerald-700 hover:bg-emerald-50 hover:underline dark:text-emerald-400 dark:hover:bg-emerald-950";
  return (
    <div className="inline-flex items-center gap-1 text-sm text-slate-600 dark:text-slate-400">
      <span>Export:</span>
      <a href={withBasePath(csv)} download className={linkClass} aria-label="Export matching tasks as CSV">
        CSV
      </a>
      <a href={withBasePath(json)} download className={linkClass} aria-label="Export matching tasks as JSON">
        JSON
      </a>
    </div>
  );
}
