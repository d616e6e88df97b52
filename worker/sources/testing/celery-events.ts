/**
 * Celery events on both ends of the contract suite: publishing them with Celery's own
 * EventDispatcher (exactly what a worker puts on the wire), and a strict test-side decoder
 * (the product's decoder belongs to the pipeline, not to the sources under test).
 */
import { z } from "zod";
import { celeryEnv, PYTHON } from "@/e2e/rig";
import { run } from "@/e2e/rig/wait";
import type { RawEventMessage } from "../event-source";

export const celeryEvent = z.looseObject({ type: z.string(), hostname: z.string(), uuid: z.string().optional() });
export type CeleryEvent = z.infer<typeof celeryEvent>;

/** kombu's Redis envelope, as in /work/shared/wire-samples */
const kombuEnvelope = z.object({
  body: z.string(),
  "content-type": z.literal("application/json"),
  "content-encoding": z.literal("utf-8"),
  properties: z.looseObject({ body_encoding: z.literal("base64") }),
});

/** The JSON body exactly as Celery serialised it: one event, or a list for task.multi. */
export function messageBody(message: RawEventMessage): unknown {
  if (message.transport === "redis") {
    const envelope = kombuEnvelope.parse(JSON.parse(message.payload.toString("utf8")));
    return JSON.parse(Buffer.from(envelope.body, "base64").toString("utf8"));
  }
  if (message.contentType !== "application/json") throw new Error(`unexpected content type ${String(message.contentType)}`);
  return JSON.parse(message.payload.toString("utf8"));
}

export function decodeEvents(message: RawEventMessage): CeleryEvent[] {
  return z
    .union([celeryEvent, z.array(celeryEvent)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .parse(messageBody(message));
}

/** Sends `count` worker-heartbeat events from `hostname` (field `processed` = 0..count-1, for ordering checks). */
export async function publishEvents(brokerUrl: string, hostname: string, count: number): Promise<void> {
  const script = [
    "import sys",
    "from bloom_sample import app",
    "from celery.events import EventDispatcher",
    "with app.connection_for_write() as conn:",
    "    d = EventDispatcher(conn, hostname=sys.argv[1], enabled=True)",
    "    for i in range(int(sys.argv[2])):",
    "        d.send('worker-heartbeat', freq=2.0, active=0, processed=i)",
    "    d.close()",
  ].join("\n");
  await run(PYTHON, ["-c", script, hostname, String(count)], { env: celeryEnv({ brokerUrl }), timeoutMs: 30_000 });
}
