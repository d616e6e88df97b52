import { displayValue } from "@/lib/tasks/display-value";

/**
 * args / kwargs / result: JSON where the Python literal parsed, else the repr exactly as sent;
 * the original repr stays one click away. Text nodes only, whatever the content.
 */
export function ValueBlock({ label, repr, parsed }: { label: string; repr: string | null; parsed?: unknown }) {
  const value = displayValue(repr, parsed);
  const id = `value-${label.toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="min-w-0">
      <h3 id={id} className="mb-1 flex items-center gap-2 text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
        {value ? <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[10px] font-normal uppercase text-slate-500 dark:bg-slate-800 dark:text-slate-400">{value.format === "json" ? "parsed" : "repr"}</span> : null}
      </h3>
      {value === null ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">–</p>
      ) : (
        <pre tabIndex={0} aria-label={label} className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800 dark:bg-slate-950 dark:text-slate-200">
          {value.text}
        </pre>
      )}
      {value?.format === "json" && repr !== null ? (
        <details className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          <summary className="cursor-pointer">As sent (Python repr)</summary>
          <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-2 font-mono dark:bg-slate-950">{repr}</pre>
        </details>
      ) : null}
    </section>
  );
}
