import { Prisma } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

export type WorkerConfRow = { hostname: string; status: string; conf: unknown; inspectedAt: Date | null };

/**
 * Workers' stored `inspect conf` replies (polled by the ingest worker), online workers first,
 * then the most recently inspected: a gone worker's schedule still counts until it is purged,
 * but a live one's view wins.
 */
export async function listWorkerConfs(db: Db = defaultDb()): Promise<WorkerConfRow[]> {
  const rows = await db.worker.findMany({
    where: { conf: { not: Prisma.DbNull } },
    select: { hostname: true, status: true, conf: true, inspectedAt: true },
    orderBy: [{ inspectedAt: { sort: "desc", nulls: "last" } }, { hostname: "asc" }],
  });
  return rows.sort((a, b) => Number(b.status === "online") - Number(a.status === "online"));
}
