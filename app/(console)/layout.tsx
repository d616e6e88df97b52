import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { ConsoleShell } from "@/components/layout/console-shell";
import { LiveUpdatesProvider } from "@/components/live/live-updates";
import { QueryProvider } from "@/components/providers/query-provider";
import { DisplayPreferencesProvider } from "@/components/tasks/display-preferences";
import { readOnlyMode } from "@/lib/auth/actor";
import { getAuthSettings } from "@/lib/auth/auth-settings";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { getDisplayPreferences } from "@/lib/services/display-preferences";

/** Every console page is behind sign-in; proxy.ts sends visitors to /login with their path first. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const actor = await resolveSessionActor();
  if (!actor) redirect("/login");
  const settings = getAuthSettings();
  const preferences = await getDisplayPreferences(actor);
  const warnings = [
    ...(settings.developmentSeed ? ["Development mode: the admin / admin123 sign-in is on. Configure sign-in before exposing Bloom."] : []),
    ...(readOnlyMode() ? ["Read-only mode (BLOOM_READ_ONLY): nothing can be changed from this console or its API."] : []),
    ...(settings.unauthenticatedApi ? ["FLOWER_UNAUTHENTICATED_API is on: anyone who can reach Bloom may use its API, control commands included."] : []),
  ];
  return (
    <QueryProvider>
      <LiveUpdatesProvider>
        <DisplayPreferencesProvider initial={preferences}>
          <ConsoleShell user={{ name: actor.name, role: actor.role }} warnings={warnings}>
            {children}
          </ConsoleShell>
        </DisplayPreferencesProvider>
      </LiveUpdatesProvider>
    </QueryProvider>
  );
}
