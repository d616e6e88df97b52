"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_LINKS, sectionOf } from "./nav-links";

export function MainNav() {
  const current = sectionOf(usePathname());
  return (
    <nav aria-label="Main" className="-mx-1 flex flex-wrap gap-x-1 gap-y-1 text-sm">
      {NAV_LINKS.map((link) => {
        const active = link.href === current;
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-2 py-1 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-600 ${
              active
                ? "bg-emerald-50 font-medium text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-200"
                : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
