import { ForbiddenError, canAct, readOnlyMode, type Actor } from "@/lib/auth/actor";
import { webLogger } from "@/lib/log/web-logger";
import { recordAudit } from "@/lib/repositories/audit-log";

/**
 * The one role check every acting service calls first. A refusal is logged and written to
 * the audit log (outcome "denied") before ForbiddenError is thrown, so a hand-crafted POST
 * from a viewer leaves a trace even though it changes nothing.
 */
export async function assertCanAct(actor: Actor, action: string, target?: string): Promise<void> {
  if (canAct(actor)) return;
  webLogger().warn({ actor: actor.name, kind: actor.kind, role: actor.role, action, target }, "refused: role may not act");
  try {
    await recordAudit({ actor: actor.name, action, target: target ?? null, outcome: "denied" });
  } catch (error) {
    webLogger().error({ err: error, action }, "could not write the audit row of a refusal");
  }
  const verb = action.replace(/^[a-z]+\./, "").replace(/[-.]/g, " ");
  if (actor.role === "admin" && readOnlyMode()) throw new ForbiddenError(verb, "Bloom runs read-only (BLOOM_READ_ONLY): nothing may be changed.");
  throw new ForbiddenError(verb);
}
