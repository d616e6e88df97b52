"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";
import { withBasePath } from "@/lib/http/base-path";

/**
 * next-auth/react calls NextAuth at /api/auth unless a SessionProvider names another base
 * path: under a URL prefix, signIn/signOut must post to /<prefix>/api/auth. `session={null}`
 * and no refetching: Bloom reads sessions on the server, the provider is here only for the
 * path, and it must not poll /api/auth/session.
 */
export function AuthBasePath({ children }: { children: ReactNode }) {
  return (
    <SessionProvider basePath={withBasePath("/api/auth")} session={null} refetchOnWindowFocus={false} refetchInterval={0}>
      {children}
    </SessionProvider>
  );
}
