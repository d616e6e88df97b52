import type { ReactNode } from "react";

/** A table that scrolls sideways inside its own box, so a wide table never widens the page on a phone. */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0" tabIndex={0} role="group" aria-label={caption}>
      <table className="w-full min-w-max border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className = "", align = "left" }: { children: ReactNode; className?: string; align?: "left" | "right" }) {
  return (
    <th scope="col" className={`border-b border-slate-200 px-2 py-2 text-xs font-medium text-slate-500 dark:border-slate-800 dark:text-slate-400 ${align === "right" ? "text-right" : ""} ${className}`}>
      {children}
    </th>
  );
}

export function Td({ children, className = "", align = "left" }: { children: ReactNode; className?: string; align?: "left" | "right" }) {
  return <td className={`border-b border-slate-100 px-2 py-2 align-top dark:border-slate-800/60 ${align === "right" ? "text-right tabular-nums" : ""} ${className}`}>{children}</td>;
}
