import { z } from "zod";
import { decodeSegment } from "@/lib/http/path-segment";
import { withApi } from "@/lib/http/with-api";
import { purgeBrokerQueue } from "@/lib/services/broker-purge";

export const dynamic = "force-dynamic";

/** POST /api/v1/queues/<name>/purge {"confirm": "<name>"}: empty one queue on the broker (admin, audited). */
export const POST = withApi<z.ZodObject<Record<string, never>>, z.ZodType<Record<string, unknown>>, { name: string }>(
  { access: "admin", body: z.record(z.string(), z.unknown()) },
  async ({ actor, params, body }) => purgeBrokerQueue(actor!, { ...body, queue: decodeSegment(params.name) } as Parameters<typeof purgeBrokerQueue>[1]),
);
