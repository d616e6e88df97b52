import { connect as amqpConnect } from "amqplib";
import { Redis } from "ioredis";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
import { pidboxNames, redisFanoutChannel } from "@/lib/celery/control-messages";
import { decodeEnvelope } from "@/lib/celery/envelope";
import { isJsonObject } from "@/lib/celery/json-value";

/**
 * Listens on the broker's pidbox fanout exchange like one more worker would, and records the
 * method of every control request published. Tests use it to prove that refused input sent
 * nothing at all (and, with a request that is sent, that the tap itself works).
 */
export type PidboxTap = {
  readonly methods: readonly string[];
  close(): Promise<void>;
};

export async function openPidboxTap(brokerUrl: string): Promise<PidboxTap> {
  const config = parseBrokerUrl(brokerUrl);
  const methods: string[] = [];
  const record = (body: unknown) => {
    if (isJsonObject(body) && typeof body["method"] === "string") methods.push(body["method"]);
  };
  const exchange = pidboxNames().exchange;
  if (config.transport === "redis") {
    const redis = new Redis(brokerUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    redis.on("message", (_channel: string, message: string) => {
      const decoded = decodeEnvelope(message);
      if (decoded.ok) record(decoded.body);
    });
    await redis.subscribe(redisFanoutChannel(config.db, exchange));
    return { methods, close: async () => void redis.disconnect() };
  }
  const connection = await amqpConnect(config.url);
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, "fanout", { durable: false, autoDelete: false });
  const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, "");
  await channel.consume(
    queue,
    (message) => {
      if (!message) return;
      try {
        record(JSON.parse(message.content.toString("utf8")));
      } catch {
        // not JSON: not a request Bloom sent
      }
    },
    { noAck: true },
  );
  return { methods, close: () => connection.close() };
}
