import { withApi } from "@/lib/http/with-api";
import { auditQuery, listAuditEntries } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/** GET /api/v1/audit?limit=&before=&action=&actor=: the audit log, newest first (admins). */
export const GET = withApi({ access: "admin", query: auditQuery }, async ({ actor, query }) => listAuditEntries(actor!, query));
