import type { PrismaClient } from "@/lib/generated/prisma/client";

export type IngestHealthReport = {
  instanceId: string;
  role: "active" | "standby";
  brokerUrl: string;
  brokerState: string;
  brokerError: string | null;
  databaseState: "up" | "down";
  lagMs: number | null;
  bufferDepth: number;
  eventsTotal: number;
  deadLetters: number;
  /** events dropped because the buffer was full while the database was down (Redis only) */
  dropped: number;
  eventsPerSec: number;
  lastEventAt: Date | null;
};

export async function upsertIngestHealth(prisma: PrismaClient, report: IngestHealthReport): Promise<void> {
  const data = {
    role: report.role,
    brokerUrl: report.brokerUrl,
    brokerState: report.brokerState,
    brokerError: report.brokerError,
    databaseState: report.databaseState,
    lagMs: report.lagMs,
    bufferDepth: report.bufferDepth,
    eventsTotal: BigInt(report.eventsTotal),
    deadLetters: BigInt(report.deadLetters),
    dropped: BigInt(report.dropped),
    eventsPerSec: report.eventsPerSec,
    lastEventAt: report.lastEventAt,
    updatedAt: new Date(),
  };
  await prisma.ingestHealth.upsert({ where: { instanceId: report.instanceId }, create: { instanceId: report.instanceId, ...data }, update: data });
}

/** Reports of processes that stopped long ago only clutter the dashboard. */
export async function deleteStaleIngestHealth(prisma: PrismaClient, olderThan: Date): Promise<void> {
  await prisma.ingestHealth.deleteMany({ where: { updatedAt: { lt: olderThan } } });
}
