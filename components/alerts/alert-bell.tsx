"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { alertsSummaryQuery } from "./alert-queries";
import { ruleHref } from "./rule-href";

/**
 * The bell in the console header: how many alerts are firing, and the list on click. A
 * native <details> disclosure, so it works from the keyboard and with assistive tech, and
 * it closes when the page changes.
 */
export function AlertBell() {
  const { data, isError } = useQuery(alertsSummaryQuery());
  const firing = data?.firing ?? [];
  const critical = data?.critical ?? 0;
  const details = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (details.current) details.current.open = false;
  }, [pathname]);

  const label = isError ? "Alerts: status unknown" : firing.length === 0 ? "Alerts: none firing" : `Alerts: ${firing.length} firing`;
  const tone = firing.length === 0 ? "text-slate-500 dark:text-slate-400" : critical > 0 ? "text-red-700 dark:text-red-400" : "text-amber-700 dark:text-amber-400";
  return (
    <details ref={details} className="relative" data-testid="alert-bell">
      <summary
        aria-label={label}
        title={label}
        className={`flex cursor-pointer list-none items-center gap-1 rounded-md px-2 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-emerald-600 dark:hover:bg-slate-800 [&::-webkit-details-marker]:hidden ${tone}`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 fill-current">
          <path d="M10 2a5 5 0 0 0-5 5v2.6c0 .6-.2 1.2-.6 1.7L3 13.2V14h14v-.8l-1.4-1.9c-.4-.5-.6-1.1-.6-1.7V7a5 5 0 0 0-5-5Zm-2 13a2 2 0 0 0 4 0H8Z" />
        </svg>
        {firing.length > 0 ? (
          <span aria-hidden="true" className={`min-w-5 rounded-full px-1.5 text-center text-xs font-semibold text-white ${critical > 0 ? "bg-red-600" : "bg-amber-500"}`}>
            {firing.length}
          </span>
        ) : null}
      </summary>
      <div className="absolute right-0 z-40 mt-2 w-80 max-w-[90vw] rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <p className="mb-2 font-medium">{firing.length === 0 ? "No alert is firing." : `${firing.length} alert${firing.length === 1 ? "" : "s"} firing`}</p>
        {firing.length > 0 ? (
          <ul className="space-y-2" aria-label="Firing alerts">
            {firing.map((alert) => (
              <li key={alert.ruleId}>
                <Link href={ruleHref(alert.ruleId)} className="block rounded-md p-1 hover:bg-slate-100 dark:hover:bg-slate-800">
                  <span className={`mr-1 text-xs font-semibold uppercase ${alert.severity === "critical" ? "text-red-700 dark:text-red-400" : "text-amber-700 dark:text-amber-400"}`}>{alert.severity}</span>
                  <span className="font-medium">{alert.name}</span>
                  {alert.summary ? <span className="block text-xs text-slate-600 dark:text-slate-400">{alert.summary}</span> : null}
                  <span className="block text-xs text-slate-500 dark:text-slate-400">
                    since <RelativeTime at={alert.since} />
                    {alert.acknowledgedBy ? ` · acknowledged by ${alert.acknowledgedBy}` : ""}
                    {alert.silenced ? " · silenced" : ""}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        <Link href="/alerts" className="mt-3 inline-block text-emerald-700 hover:underline dark:text-emerald-400">
          All alerts
        </Link>
      </div>
    </details>
  );
}
