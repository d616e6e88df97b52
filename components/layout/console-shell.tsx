import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-in-form";
import { AlertBell } from "@/components/alerts/alert-bell";
import { LiveIndicator } from "@/components/live/live-indicator";
import { MainNav } from "./main-nav";
import { ThemeToggle } from "./theme-toggle";

export type ShellUser = { name: string; role: "admin" | "viewer" };

export function ConsoleShell({ children, user, warnings = [] }: { children: ReactNode; user: ShellUser; warnings?: readonly string[] }) {
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-semibold tracking-tight text-emerald-700 dark:text-emerald-400">
            Bloom
          </Link>
          <MainNav />
          <div className="ml-auto flex items-center gap-3">
            <AlertBell />
            <LiveIndicator />
            <ThemeToggle />
            <span className="text-sm text-slate-600 dark:text-slate-300" data-testid="signed-in-user">
              {user.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase dark:bg-slate-800">{user.role}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      {warnings.map((warning) => (
        <div key={warning} role="status" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          {warning}
        </div>
      ))}
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
