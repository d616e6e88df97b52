"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { withBasePath } from "@/lib/http/base-path";

// zod compiles object parsers with `new Function` when it may. The console's CSP forbids
// eval, so zod's probe for it would be reported as a violation on every page; in the
// browser it runs without compiling (the server is not under the CSP and keeps it).
if (typeof window !== "undefined") z.config({ jitless: true });

/**
 * What every page's browser side needs. next-auth/react calls NextAuth at /api/auth unless
 * a SessionProvider names another base path: under a URL prefix, signIn/signOut must post
 * to /<prefix>/api/auth. `session={null}` and no refetching: Bloom reads sessions on the
 * server, the provider is here only for the path, and it must not poll /api/auth/session.
 */
export function RootClient({ children }: { children: ReactNode }) {
  return (
    <SessionProvider basePath={withBasePath("/api/auth")} session={null} refetchOnWindowFocus={false} refetchInterval={0}>
      {children}
    </SessionProvider>
  );
}
