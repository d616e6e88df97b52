import { getActiveIngestHealth } from "@/lib/repositories/ingest-health";

/** The ingest process writes its health every second; older than this means it is gone. */
const INGEST_STALE_AFTER_MS = 10_000;

export type BrokerHealth = "connected" | "connecting" | "disconnected" | "unknown";

export type SystemHealth = {
  database: "up" | "down";
  ingest: "running" | "stale" | "never-started";
  broker: BrokerHealth;
  brokerUrl: string | null;
  brokerError: string | null;
  lagMs: number | null;
  eventsTotal: number;
  deadLetters: number;
  eventsPerSec: number;
  lastEventAt: Date | null;
  reportedAt: Date | null;
  healthy: boolean;
};

export async function getSystemHealth(now: Date = new Date()): Promise<SystemHealth> {
  let row;
  try {
    row = await getActiveIngestHealth();
  } catch {
    return {
      database: "down",
      ingest: "never-started",
      broker: "unknown",
      brokerUrl: null,
      brokerError: null,
      lagMs: null,
      eventsTotal: 0,
      deadLetters: 0,
      eventsPerSec: 0,
      lastEventAt: null,
      reportedAt: null,
      healthy: false,
    };
  }
  const ingest = !row ? "never-started" : now.getTime() - row.updatedAt.getTime() > INGEST_STALE_AFTER_MS ? "stale" : "running";
  // A stale report says nothing about the broker now.
  const broker: BrokerHealth = ingest === "running" && row ? toBrokerHealth(row.brokerState) : "unknown";
  return {
    database: "up",
    ingest,
    broker,
    brokerUrl: row?.brokerUrl ?? null,
    brokerError: row?.brokerError ?? null,
    lagMs: row?.lagMs ?? null,
    eventsTotal: Number(row?.eventsTotal ?? 0),
    deadLetters: Number(row?.deadLetters ?? 0),
    eventsPerSec: row?.eventsPerSec ?? 0,
    lastEventAt: row?.lastEventAt ?? null,
    reportedAt: row?.updatedAt ?? null,
    healthy: ingest === "running" && broker === "connected",
  };
}

function toBrokerHealth(state: string): BrokerHealth {
  return state === "connected" || state === "connecting" || state === "disconnected" ? state : "unknown";
}
