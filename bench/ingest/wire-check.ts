/**
 * Before any figure is taken: the generator's messages must be what Bloom accepts from real
 * Celery, or the benchmark would time the dead-letter path. Runs Bloom's own decoders over
 * one tick of generated traffic (both transports) and fails loudly on any rejection.
 */
import { decodeBody, decodeEnvelope } from "@/lib/celery/envelope";
import { parseEventBody } from "@/lib/celery/events";
import { Fleet } from "./fleet";
import { redisEnvelope } from "./wire";

export function checkGeneratedWire(): void {
  const fleet = new Fleet({ workers: 3, probeEvery: 1, now: () => Date.now() / 1000 });
  const produced = [fleet.workerEvents("worker-online"), fleet.tasks(20), fleet.workerEvents("worker-heartbeat")];
  const counts = new Map<string, number>();
  for (const message of produced.flatMap((part) => part.messages)) {
    const envelope = decodeEnvelope(redisEnvelope(message));
    if (!envelope.ok) throw new Error(`wire check: Redis envelope rejected (${envelope.reason}: ${envelope.detail})`);
    if (envelope.routingKey !== message.routingKey) throw new Error(`wire check: routing key ${String(envelope.routingKey)} ≠ ${message.routingKey}`);
    const body = decodeBody(Buffer.from(message.body, "utf8"), "application/json", "utf-8");
    if (!body.ok) throw new Error(`wire check: AMQP body rejected (${body.reason}: ${body.detail})`);
    for (const decoded of [envelope.body, body.body]) {
      const parsed = parseEventBody(decoded);
      if (parsed.rejected.length > 0) throw new Error(`wire check: event rejected: ${JSON.stringify(parsed.rejected[0])}`);
      if (Array.isArray(decoded) !== (message.routingKey === "task.multi")) throw new Error(`wire check: ${message.routingKey} body shape is wrong`);
      for (const event of parsed.events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    }
  }
  // 20 tasks, 3 workers, decoded twice (Redis and AMQP form).
  const expected: Record<string, number> = { "task-sent": 40, "task-received": 40, "task-started": 40, "task-succeeded": 40, "worker-online": 6, "worker-heartbeat": 6 };
  for (const [type, count] of Object.entries(expected)) {
    if (counts.get(type) !== count) throw new Error(`wire check: expected ${count} ${type} events, decoded ${counts.get(type) ?? 0}`);
  }
}
