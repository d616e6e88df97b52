/**
 * Puts generated messages on a real broker the way kombu does, one implementation per
 * transport. publish() resolves once the broker has taken the whole batch, which is what
 * paces the generator when the broker pushes back.
 */
import { once } from "node:events";
import { connect as amqpConnect, type ChannelModel, type ConfirmChannel } from "amqplib";
import { Redis } from "ioredis";
import { redisChannel, redisEnvelope, type WireMessage } from "./wire";

export type BrokerKind = "redis" | "amqp";

export interface Publisher {
  publish(messages: readonly WireMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** Redis pub/sub: `PUBLISH /0.celeryev/<routing key> <kombu envelope>`, one pipeline per batch. */
class RedisPublisher implements Publisher {
  private constructor(
    private readonly client: Redis,
    private readonly db: number,
  ) {}

  static async open(url: string): Promise<RedisPublisher> {
    const db = Number(new URL(url).pathname.slice(1) || "0");
    const client = new Redis(url, { maxRetriesPerRequest: 0, lazyConnect: true, connectionName: "bloom-bench-generator" });
    await client.connect();
    return new RedisPublisher(client, db);
  }

  async publish(messages: readonly WireMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const pipeline = this.client.pipeline();
    for (const message of messages) pipeline.publish(redisChannel(this.db, message.routingKey), redisEnvelope(message));
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed) throw failed[0] ?? new Error("PUBLISH failed");
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

/**
 * RabbitMQ: the `celeryev` topic exchange, declared exactly as Celery and Bloom's source
 * declare it (durable, not auto-delete), body = the JSON event(s) with the AMQP properties
 * kombu sets. A confirm channel makes "published" mean "RabbitMQ has it", so any loss the
 * benchmark counts is the consumer's, not a send that never arrived. (Celery publishes
 * without confirms; on a loopback link that changes nothing but certainty.)
 */
class AmqpPublisher implements Publisher {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  static async open(url: string): Promise<AmqpPublisher> {
    const connection = await amqpConnect(url, { clientProperties: { connection_name: "bloom bench generator" } });
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange("celeryev", "topic", { durable: true, autoDelete: false, internal: false });
    return new AmqpPublisher(connection, channel);
  }

  async publish(messages: readonly WireMessage[]): Promise<void> {
    if (messages.length === 0) return;
    for (const message of messages) {
      const ok = this.channel.publish("celeryev", message.routingKey, Buffer.from(message.body, "utf8"), {
        contentType: "application/json",
        contentEncoding: "utf-8",
        headers: { hostname: message.hostname },
        deliveryMode: 1,
        priority: 0,
      });
      // false = the socket's write buffer is full: wait instead of queueing without bound.
      if (!ok) await once(this.channel, "drain");
    }
    await this.channel.waitForConfirms();
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

export function openPublisher(kind: BrokerKind, url: string): Promise<Publisher> {
  return kind === "redis" ? RedisPublisher.open(url) : AmqpPublisher.open(url);
}
