import { getPrisma } from "@/lib/db/client";

export type IngestHealthRow = {
  instanceId: string;
  role: string;
  brokerUrl: string;
  brokerState: string;
  brokerError: string | null;
  databaseState: string;
  lagMs: number | null;
  bufferDepth: number;
  eventsTotal: bigint;
  deadLetters: bigint;
  eventsPerSec: number;
  lastEventAt: Date | null;
  updatedAt: Date;
};

/** The freshest report of the active ingest process (standbys only say they are alive). */
export async function getActiveIngestHealth(): Promise<IngestHealthRow | null> {
  return getPrisma().ingestHealth.findFirst({ where: { role: "active" }, orderBy: { updatedAt: "desc" } });
}

export async function listIngestHealth(): Promise<IngestHealthRow[]> {
  return getPrisma().ingestHealth.findMany({ orderBy: { updatedAt: "desc" } });
}
