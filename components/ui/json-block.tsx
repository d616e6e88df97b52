import type { JsonValue } from "@/lib/celery/json-value";

/** A JSON value as indented text (never as HTML), scrolling inside its own box on narrow screens. */
export function JsonBlock({ value, label }: { value: JsonValue; label: string }) {
  return (
    <pre aria-label={label} tabIndex={0} className="max-h-96 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800 dark:bg-slate-950 dark:text-slate-200">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
