import type { ReactNode } from "react";
import { ConsoleShell } from "@/components/layout/console-shell";
import { LiveUpdatesProvider } from "@/components/live/live-updates";
import { QueryProvider } from "@/components/providers/query-provider";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <QueryProvider>
      <LiveUpdatesProvider>
        <ConsoleShell>{children}</ConsoleShell>
      </LiveUpdatesProvider>
    </QueryProvider>
  );
}
