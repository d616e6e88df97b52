"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { withBasePath } from "@/lib/http/base-path";

/**
 * next-auth/react finds NextAuth's routes under the URL prefix through RootClient (in the
 * root layout); `callbackUrl`s are browser paths, prefix included.
 */

/** Posts to NextAuth's credentials endpoint (which checks its CSRF token); errors come back as ?error=. */
export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    void signIn("credentials", { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? ""), callbackUrl });
  };
  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Sign in with a password">
      <label className="block text-sm">
        <span className="mb-1 block font-medium">User name</span>
        <input name="username" autoComplete="username" required className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-950" />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-950" />
      </label>
      <button type="submit" disabled={busy} className="w-full rounded-md bg-emerald-700 px-3 py-2 text-sm font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

export function OAuthButton({ providerId, label, callbackUrl }: { providerId: string; label: string; callbackUrl: string }) {
  return (
    <button
      type="button"
      onClick={() => void signIn(providerId, { callbackUrl })}
      className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
    >
      Sign in with {label}
    </button>
  );
}

export function SignOutButton() {
  return (
    <button type="button" onClick={() => void signOut()} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
      Sign out
    </button>
  );
}

async function signOut(): Promise<void> {
  const { signOut: nextAuthSignOut } = await import("next-auth/react");
  await nextAuthSignOut({ callbackUrl: withBasePath("/login?signedOut=1") });
}
