import { connect as amqpConnect, type ChannelModel } from "amqplib";
import { Redis } from "ioredis";
import type { AmqpBrokerConfig, BrokerConfig, RedisBrokerConfig } from "@/lib/celery/broker-url";
import { queueListNames } from "@/lib/celery/redis-queues";
import { releaseSocket } from "./amqp-socket";
import { redisConnectionOptions } from "./redis-options";

const TIMEOUT_MS = 5_000;

/** Why a purge could not happen, for the service to map; never told apart by message. */
export class QueuePurgeError extends Error {
  override readonly name = "QueuePurgeError";
  constructor(
    readonly reason: "not_found" | "not_a_queue" | "unavailable",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Removes every ready message of one queue, as `celery purge -Q <queue>` does, and answers
 * how many went. One short-lived connection per purge: purging is rare, and a dedicated
 * connection cannot be confused with the event or control connections.
 */
export function purgeQueue(config: BrokerConfig, queue: string): Promise<number> {
  return config.transport === "redis" ? purgeRedisQueue(config, queue) : purgeAmqpQueue(config, queue);
}

/**
 * kombu's Redis queue is a list plus its priority sub-lists (`queue\x06\x16N`): counted and
 * deleted in one MULTI, so a message pushed meanwhile is either counted and gone or stays.
 * (kombu's own `_purge` only deletes the lists too.) Messages a worker fetched but has not
 * acknowledged live in `unacked` and are not touched, as with `celery purge`.
 */
async function purgeRedisQueue(config: RedisBrokerConfig, queue: string): Promise<number> {
  const client = new Redis(redisConnectionOptions(config, { connectionName: "bloom-queue-purge", connectTimeoutMs: TIMEOUT_MS, commandTimeoutMs: TIMEOUT_MS }));
  client.on("error", () => undefined); // the command's rejection carries the failure
  try {
    await client.connect();
    const type = await client.type(queue);
    if (type !== "list" && type !== "none") throw new QueuePurgeError("not_a_queue", `The key ${queue} holds a Redis ${type}, not a Celery queue: nothing was deleted.`);
    const lists = queueListNames(queue);
    const replies = await client
      .multi([...lists.map((list) => ["llen", list]), ["del", ...lists]])
      .exec();
    if (!replies) throw new QueuePurgeError("unavailable", "Redis aborted the purge transaction.");
    return replies.slice(0, lists.length).reduce((sum, [error, value]) => sum + (error === null && typeof value === "number" ? value : 0), 0);
  } catch (error) {
    if (error instanceof QueuePurgeError) throw error;
    throw new QueuePurgeError("unavailable", `The broker cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    client.disconnect();
  }
}

/** RabbitMQ's queue.purge: the broker answers the count. A missing queue closes the channel with 404. */
async function purgeAmqpQueue(config: AmqpBrokerConfig, queue: string): Promise<number> {
  let connection: ChannelModel | undefined;
  try {
    connection = await amqpConnect(config.url, { timeout: TIMEOUT_MS, clientProperties: { connection_name: "bloom queue purge" } });
    connection.on("error", () => undefined);
    const channel = await connection.createChannel();
    channel.on("error", () => undefined);
    const ok = await channel.purgeQueue(queue);
    return ok.messageCount;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 404) throw new QueuePurgeError("not_found", `RabbitMQ has no queue named ${queue}.`);
    throw new QueuePurgeError("unavailable", `The broker refused or cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    if (connection) {
      await connection.close().catch(() => undefined);
      await releaseSocket(connection);
    }
  }
}
