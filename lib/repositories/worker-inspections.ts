import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

export type InspectionKind = "stats" | "registered" | "activeQueues" | "conf";

/** Hostnames the database believes are online: the workers an inspect should hear from. */
export async function listOnlineWorkerNames(db: Db): Promise<string[]> {
  const rows = await db.worker.findMany({ where: { status: "online" }, select: { hostname: true } });
  return rows.map((row) => row.hostname);
}

/**
 * Stores the latest inspect replies per worker, so worker pages load from Postgres without
 * waiting on the broker. Only workers Bloom already knows from events are updated.
 */
export async function saveInspections(db: Db, kind: InspectionKind, replies: Record<string, unknown>, at: Date): Promise<number> {
  let updated = 0;
  for (const [hostname, reply] of Object.entries(replies)) {
    if (reply === null || reply === undefined) continue;
    const result = await db.worker.updateMany({
      where: { hostname },
      data: { [kind]: reply as Prisma.InputJsonValue, inspectedAt: at },
    });
    updated += result.count;
  }
  return updated;
}
