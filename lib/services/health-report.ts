import { getSystemHealth, type SystemHealth } from "./system-health";

/** `GET /api/v1/health`: what /healthcheck decides on, as JSON (no URLs or error texts: it is public). */
export type HealthReport = {
  status: "ok" | "unhealthy";
  database: SystemHealth["database"];
  ingest: SystemHealth["ingest"];
  broker: SystemHealth["broker"];
  /** how far ingest is behind, seconds; null when unknown */
  ingestLagSeconds: number | null;
  eventsPerSecond: number;
  /** ISO time of the active ingest process's last report */
  reportedAt: string | null;
};

export async function getHealthReport(now: Date = new Date()): Promise<HealthReport> {
  const health = await getSystemHealth(now);
  return {
    status: health.healthy ? "ok" : "unhealthy",
    database: health.database,
    ingest: health.ingest,
    broker: health.broker,
    ingestLagSeconds: health.lagMs === null ? null : health.lagMs / 1000,
    eventsPerSecond: health.eventsPerSec,
    reportedAt: health.reportedAt?.toISOString() ?? null,
  };
}
