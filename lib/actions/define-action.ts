import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { UnauthenticatedError, canAct } from "@/lib/auth/actor";
import { assertCanAct } from "@/lib/services/authorize";
import { resolveSessionActor } from "@/lib/auth/request-actor";
import { statusOfError } from "@/lib/http/error-status";
import { webLogger as logger } from "@/lib/log/web-logger";

export type ActionError = { code: string; message: string; status: number };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

/**
 * Server actions, wrapped once (next-learn's pattern): the session is resolved on every call
 * (an action is a public POST endpoint, whatever the UI shows), the input is parsed with zod,
 * and typed errors come back as `{ok:false, error}` for the form to show. Every action acts,
 * so only admins get past the first gate — before their input is even parsed, so a viewer's
 * crafted POST learns nothing — and the service checks the role again (assertCanAct), so
 * the same rule holds for REST and actions. (app/route-guards.int.test.ts calls every
 * exported action as a viewer: an action that lets one through fails it.)
 *
 * Use from a 'use server' module:
 *   export const revokeTaskAction = defineAction(revokeInput, (actor, input) => revokeTask(actor, input));
 */
export function defineAction<S extends z.ZodType, T>(
  schema: S,
  run: (actor: Actor, input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const actor = await resolveSessionActor();
      if (!actor) throw new UnauthenticatedError("Your session has ended; sign in again.");
      if (!canAct(actor)) await assertCanAct(actor, "action.call");
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, error: { status: 400, code: "invalid_input", message: `${issue?.path.join(".") || "input"}: ${issue?.message ?? "is invalid"}` } };
      }
      return { ok: true, data: await run(actor, parsed.data) };
    } catch (error) {
      const mapped = statusOfError(error);
      if (mapped) return { ok: false, error: mapped };
      logger().error({ err: error }, "server action failed");
      return { ok: false, error: { status: 500, code: "internal", message: "Something went wrong on the server; its log has the details." } };
    }
  };
}
