import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { RootClient } from "@/components/providers/root-client";
import { NONCE_HEADER } from "@/lib/http/content-security-policy";
import { THEME_BOOT_SCRIPT } from "@/lib/theme/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Bloom", template: "%s · Bloom" },
  description: "Monitor and administer Celery clusters",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * Reading the request's nonce (proxy.ts) makes every page render per request, which the
 * Content-Security-Policy needs: Next stamps the same nonce on its own scripts, and a page
 * prerendered at build time would carry none.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // The boot script sets the theme class before React hydrates; the DOM wins (suppressHydrationWarning).
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Browsers hide a nonce from the DOM once the script ran; hydration must not take that for a mismatch. */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <RootClient>{children}</RootClient>
      </body>
    </html>
  );
}
