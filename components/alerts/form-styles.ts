/** Shared classes of the alerts forms (kept with them, like the access page's). */
export const inputClass = "w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";
export const buttonClass = "rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";
export const primaryButtonClass = "rounded-md bg-emerald-700 px-3 py-1 text-sm text-white hover:bg-emerald-800 disabled:opacity-50";
export const labelClass = "block text-xs text-slate-500 dark:text-slate-400";
