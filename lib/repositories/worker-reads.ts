import { Prisma } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

/** A worker row for lists: everything but the large inspect replies (registered, conf). */
export type WorkerListRow = {
  hostname: string;
  status: string;
  lastHeartbeat: Date | null;
  freq: number;
  pid: number | null;
  swIdent: string | null;
  swVer: string | null;
  swSys: string | null;
  active: number;
  processed: bigint;
  loadavg: Prisma.JsonValue | null;
  onlineAt: Date | null;
  offlineAt: Date | null;
  stats: Prisma.JsonValue | null;
  activeQueues: Prisma.JsonValue | null;
  inspectedAt: Date | null;
};

export type WorkerDetailRow = WorkerListRow & { registered: Prisma.JsonValue | null; conf: Prisma.JsonValue | null };

const LIST_FIELDS = {
  hostname: true,
  status: true,
  lastHeartbeat: true,
  freq: true,
  pid: true,
  swIdent: true,
  swVer: true,
  swSys: true,
  active: true,
  processed: true,
  loadavg: true,
  onlineAt: true,
  offlineAt: true,
  stats: true,
  activeQueues: true,
  inspectedAt: true,
} as const satisfies Prisma.WorkerSelect;

/** Online workers first, then by name; a fleet is tens to hundreds of rows, so no paging. */
export async function listWorkers(db: Db = defaultDb()): Promise<WorkerListRow[]> {
  return db.worker.findMany({ select: LIST_FIELDS, orderBy: [{ status: "desc" }, { hostname: "asc" }] });
}

export async function findWorker(hostname: string, db: Db = defaultDb()): Promise<WorkerDetailRow | null> {
  return db.worker.findUnique({ where: { hostname }, select: { ...LIST_FIELDS, registered: true, conf: true } });
}

export type WorkerConfRow = { hostname: string; status: string; conf: Prisma.JsonValue; inspectedAt: Date | null };

/** The `conf` replies workers gave, for the config page. */
export async function listWorkerConfs(db: Db = defaultDb()): Promise<WorkerConfRow[]> {
  const rows = await db.worker.findMany({
    where: { conf: { not: Prisma.DbNull } },
    select: { hostname: true, status: true, conf: true, inspectedAt: true },
    orderBy: [{ status: "desc" }, { hostname: "asc" }],
  });
  return rows.flatMap((row) => (row.conf === null ? [] : [{ ...row, conf: row.conf }]));
}
