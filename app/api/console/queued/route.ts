import { z } from "zod";
import { hostnameSchema } from "@/lib/celery/control-messages";
import { withApi } from "@/lib/http/with-api";
import { getQueuedWork } from "@/lib/services/queued-work";

export const dynamic = "force-dynamic";

/** GET /api/console/queued[?worker=<hostname>]: active, reserved and scheduled tasks, asked of the workers now. */
export const GET = withApi({ access: "viewer", query: z.object({ worker: hostnameSchema.optional() }) }, async ({ actor, query }) =>
  getQueuedWork(actor!, query.worker ? { hostname: query.worker } : {}),
);
