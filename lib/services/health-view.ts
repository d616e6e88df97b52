import { brokerTone } from "@/lib/health/metric-tones";
import type { HealthTone } from "@/lib/health/tone";
import { maskUrlCredentials } from "@/lib/security/mask-secrets";
import type { SystemHealth } from "./system-health";

/** System health as pages and the live stream carry it: plain JSON, secrets masked, verdicts attached. */
export type HealthView = {
  database: SystemHealth["database"];
  ingest: SystemHealth["ingest"];
  broker: SystemHealth["broker"];
  brokerUrl: string | null;
  brokerError: string | null;
  lagMs: number | null;
  eventsPerSec: number;
  eventsTotal: number;
  deadLetters: number;
  /** epoch ms */
  lastEventAt: number | null;
  reportedAt: number | null;
  brokerTone: HealthTone;
  ingestTone: HealthTone;
};

export function toHealthView(health: SystemHealth): HealthView {
  return {
    database: health.database,
    ingest: health.ingest,
    broker: health.broker,
    // The ingest worker masks the URL it reports; masking again costs nothing and guards old rows.
    brokerUrl: health.brokerUrl === null ? null : maskUrlCredentials(health.brokerUrl),
    brokerError: health.brokerError === null ? null : maskUrlCredentials(health.brokerError),
    lagMs: health.lagMs,
    eventsPerSec: health.eventsPerSec,
    eventsTotal: health.eventsTotal,
    deadLetters: health.deadLetters,
    lastEventAt: health.lastEventAt?.getTime() ?? null,
    reportedAt: health.reportedAt?.getTime() ?? null,
    brokerTone: health.database === "down" ? "critical" : brokerTone(health.broker, health.ingest),
    ingestTone: health.database === "down" || health.ingest === "stale" ? "critical" : health.ingest === "never-started" ? "warning" : "healthy",
  };
}
