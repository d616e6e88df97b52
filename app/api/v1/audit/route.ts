import { apiRoute } from "@/lib/http/api-route";
import { auditOperation } from "@/lib/openapi/operations/system";
import { listAuditEntries } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** GET /api/v1/audit?limit=&before=&action=&actor=: the audit log, newest first (admins). */
export const GET = apiRoute(auditOperation, async ({ actor, query }) => {
  const page = await listAuditEntries(actor!, query);
  return { ...page, entries: page.entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) };
});
