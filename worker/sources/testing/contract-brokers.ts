/**
 * Brokers for the EventSource contract suite. Each transport gets a server of its own
 * (started by the rig), so the suite can stop and restart it without disturbing the
 * shared servers that other test files use.
 */
import { connect as amqpConnect } from "amqplib";
import { startRabbit, startRedis } from "@/e2e/rig";

export type Transport = "redis" | "amqp";

export type ContractBroker = {
  /** what Celery is given */
  celeryUrl: string;
  /** what Bloom is given: pyamqp:// on AMQP, so the scheme alias is exercised end to end */
  sourceUrl: string;
  port: number;
  /** same server, Redis db 1 (Redis only) */
  otherDbUrl?: string;
  /** graceful stop; start() brings it back on the same port */
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
  /** ready (not unacked) messages in a queue (AMQP only) */
  queueDepth?(queue: string): Promise<number>;
};

export async function startContractBroker(transport: Transport): Promise<ContractBroker> {
  if (transport === "redis") {
    const redis = await startRedis();
    return {
      celeryUrl: redis.url,
      sourceUrl: redis.url,
      port: redis.port,
      otherDbUrl: redis.urlFor(1),
      stop: redis.stop,
      start: redis.start,
      dispose: redis.dispose,
    };
  }
  const rabbit = await startRabbit();
  return {
    celeryUrl: rabbit.amqpUrl,
    sourceUrl: rabbit.amqpUrl.replace(/^amqp:/, "pyamqp:"),
    port: rabbit.port,
    stop: rabbit.stop,
    start: rabbit.start,
    dispose: rabbit.dispose,
    queueDepth: async (queue) => {
      const connection = await amqpConnect(rabbit.amqpUrl);
      try {
        const channel = await connection.createChannel();
        return (await channel.checkQueue(queue)).messageCount;
      } finally {
        await connection.close();
      }
    },
  };
}
