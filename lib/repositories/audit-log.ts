import type { Prisma } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

export type AuditOutcome = "ok" | "error" | "timeout" | "denied";

export type AuditEntry = {
  actor: string;
  /** a stable verb, e.g. "control.revoke", "auth.sign-in", "token.create" */
  action: string;
  target?: string | null;
  arguments?: Prisma.InputJsonValue | null;
  replies?: Prisma.InputJsonValue | null;
  outcome: AuditOutcome;
  durationMs?: number | null;
};

/** Appends one row to the audit log. */
export async function recordAudit(entry: AuditEntry, db: Db = defaultDb()): Promise<void> {
  await db.auditLog.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      arguments: entry.arguments ?? undefined,
      replies: entry.replies ?? undefined,
      outcome: entry.outcome,
      durationMs: entry.durationMs ?? null,
    },
  });
}

export type AuditRow = {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  arguments: unknown;
  replies: unknown;
  outcome: string;
  durationMs: number | null;
};

/** Newest first; `before` is the id to page below. */
export async function listAudit(
  options: { limit: number; before?: bigint; action?: string; actor?: string },
  db: Db = defaultDb(),
): Promise<AuditRow[]> {
  const rows = await db.auditLog.findMany({
    where: {
      ...(options.before !== undefined ? { id: { lt: options.before } } : {}),
      ...(options.action ? { action: { startsWith: options.action } } : {}),
      ...(options.actor ? { actor: options.actor } : {}),
    },
    orderBy: { id: "desc" },
    take: options.limit,
  });
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}
