import { z } from "zod";
import { withApi } from "@/lib/http/with-api";
import { getDisplayPreferences, saveDisplayPreferences } from "@/lib/services/display-preferences";

export const dynamic = "force-dynamic";

/** GET /api/console/preferences: the caller's display choices and the deployment's defaults. */
export const GET = withApi({ access: "viewer" }, async ({ actor }) => getDisplayPreferences(actor!));

/**
 * PUT /api/console/preferences {tasksColumns?, timeMode?}: saves the caller's own choices.
 * Open to viewers on purpose (listed in app/route-guards.int.test.ts): it changes nothing but
 * how the caller's own console looks.
 */
export const PUT = withApi({ access: "viewer", body: z.record(z.string(), z.unknown()) }, async ({ actor, body }) => saveDisplayPreferences(actor!, body));
