import type { Actor } from "@/lib/auth/actor";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/repositories/audit-log";
import { assertCanAct } from "./authorize";

/**
 * Every acting alerts service goes through here: the role check first (which audits a
 * refusal), then the work, then one audit row with the outcome and the time it took. A
 * failure is audited as "error" and rethrown for the caller to map.
 */
export async function audited<T>(actor: Actor, action: string, target: string, args: Prisma.InputJsonValue, work: () => Promise<T>): Promise<T> {
  await assertCanAct(actor, action, target);
  const started = performance.now();
  try {
    const result = await work();
    await recordAudit({ actor: actor.name, action, target, arguments: args, outcome: "ok", durationMs: Math.round(performance.now() - started) });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordAudit({ actor: actor.name, action, target, arguments: args, replies: { error: message }, outcome: "error", durationMs: Math.round(performance.now() - started) });
    throw error;
  }
}
