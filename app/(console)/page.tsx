import { BrokerHealthCard } from "@/components/dashboard/broker-health-card";
import { IngestHealthCard } from "@/components/dashboard/ingest-health-card";
import { getSystemHealth } from "@/lib/services/system-health";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const health = await getSystemHealth();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
      {health.database === "down" ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-300">
          The database is unavailable; figures below may be missing.
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <BrokerHealthCard health={health} />
        <IngestHealthCard health={health} />
      </div>
    </div>
  );
}
