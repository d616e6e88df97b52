import { z } from "zod";
import { ForbiddenError, canAct, type Actor } from "@/lib/auth/actor";
import { listAudit, type AuditRow } from "@/lib/repositories/audit-log";
import { parseInput } from "./run-command";

export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1, "limit must be 1..500").max(500, "limit must be 1..500").default(100),
  /** the id of the last row of the previous page */
  before: z
    .string()
    .regex(/^\d{1,19}$/, "before must be an audit row id")
    .optional(),
  /** an action or its prefix, e.g. "control." or "control.revoke" */
  action: z.string().max(100).optional(),
  actor: z.string().max(255).optional(),
});
export type AuditQuery = z.input<typeof auditQuery>;

export type AuditPage = { entries: AuditRow[]; next: string | null };

/** The audit log, newest first. Admins only: it shows who did what, and with which arguments. */
export async function listAuditEntries(actor: Actor, input: AuditQuery): Promise<AuditPage> {
  if (!canAct(actor)) throw new ForbiddenError("read the audit log");
  const v = parseInput(auditQuery, input);
  const entries = await listAudit({
    limit: v.limit,
    ...(v.before !== undefined ? { before: BigInt(v.before) } : {}),
    ...(v.action ? { action: v.action } : {}),
    ...(v.actor ? { actor: v.actor } : {}),
  });
  return { entries, next: entries.length === v.limit ? (entries.at(-1)?.id ?? null) : null };
}
