import type { ReactNode } from "react";
import { AlertsTabs } from "@/components/alerts/alerts-tabs";

export default function AlertsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
        <AlertsTabs />
      </div>
      {children}
    </div>
  );
}
