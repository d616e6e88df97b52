"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/alerts", label: "Rules" },
  { href: "/alerts/history", label: "History" },
  { href: "/alerts/channels", label: "Channels" },
] as const;

/** The alerts section's pages; a rule's own page belongs to "Rules". */
export function AlertsTabs() {
  const pathname = usePathname();
  const current = pathname.startsWith("/alerts/history") ? "/alerts/history" : pathname.startsWith("/alerts/channels") ? "/alerts/channels" : "/alerts";
  return (
    <nav aria-label="Alerts" className="flex gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${tab.href === current ? "border-emerald-600 font-medium text-emerald-800 dark:text-emerald-300" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
