import type { SystemHealth } from "@/lib/services/system-health";
import { StatusBadge, type BadgeTone } from "@/components/ui/status-badge";

const BROKER_TONE: Record<SystemHealth["broker"], BadgeTone> = {
  connected: "healthy",
  connecting: "warning",
  disconnected: "critical",
  unknown: "neutral",
};

export function BrokerHealthCard({ health }: { health: SystemHealth }) {
  return (
    <section aria-labelledby="broker-health" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="broker-health" className="text-sm font-medium text-slate-500 dark:text-slate-400">
        Broker
      </h2>
      <p className="mt-2 flex items-center gap-2">
        <StatusBadge tone={BROKER_TONE[health.broker]}>{health.broker}</StatusBadge>
        {health.brokerUrl ? <code className="truncate text-xs text-slate-500">{health.brokerUrl}</code> : null}
      </p>
      {health.brokerError ? <p className="mt-2 text-xs text-red-700 dark:text-red-400">{health.brokerError}</p> : null}
      {health.ingest !== "running" ? (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">
          {health.ingest === "stale" ? "The ingest worker stopped reporting." : "The ingest worker has not reported yet."}
        </p>
      ) : null}
    </section>
  );
}
