import { type Channel, type ChannelModel, connect as amqpConnect } from "amqplib";
import type { Logger } from "pino";
import type { AmqpBrokerConfig } from "@/lib/celery/broker-url";
import { isInternalQueue } from "@/lib/celery/redis-queues";
import type { QueueSampleRecord } from "@/lib/repositories/queue-samples";
import { describeError } from "@/lib/broker/describe-error";
import { releaseSocket } from "@/lib/broker/amqp-socket";
import type { KnownQueues } from "./known-queues";
import type { QueueProbe } from "./queue-probe";

const CONNECT_TIMEOUT_MS = 5_000;
const HEARTBEAT_SECONDS = 30;

/**
 * Queue depths on RabbitMQ: a passive declare (`checkQueue`) per known queue gives its ready
 * message count and consumer count without creating anything. RabbitMQ answers a missing
 * queue by closing the channel (404), so a probe tolerates that and opens a new channel for
 * the next name; the connection survives. Unacknowledged messages are not in messageCount.
 */
export class AmqpQueueProbe implements QueueProbe {
  readonly transport = "amqp" as const;
  private connection: ChannelModel | undefined;
  private channel: Channel | undefined;
  private attempts = 0;

  constructor(
    private readonly config: AmqpBrokerConfig,
    private readonly log: Logger,
  ) {}

  async sample(known: KnownQueues): Promise<QueueSampleRecord[]> {
    const samples: QueueSampleRecord[] = [];
    for (const queue of new Set(known.queues)) {
      if (isInternalQueue(queue)) continue;
      const channel = await this.openChannel();
      try {
        const ok = await channel.checkQueue(queue);
        samples.push({ queue, depth: ok.messageCount, consumers: ok.consumerCount });
      } catch (error) {
        // The broker closed the channel (404 not found, 405 exclusive to another connection,
        // 403 no access): nothing to sample there. Anything else (connection lost) is fatal
        // for this sample; the next one reconnects.
        if (!isChannelError(error)) throw error;
        this.log.debug({ queue, err: describeError(error) }, "queue not sampled");
        this.dropChannel(channel);
      }
    }
    return samples;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.channel = undefined;
    if (!connection) return;
    try {
      await connection.close();
    } catch {
      // Already closed: that is the goal.
    }
    await releaseSocket(connection);
  }

  private async openChannel(): Promise<Channel> {
    if (this.channel) return this.channel;
    const connection = await this.connect();
    const channel = await connection.createChannel();
    // Without a listener, the 'error' a 404 emits would be thrown by the EventEmitter.
    channel.on("error", (error: unknown) => this.log.debug({ err: describeError(error) }, "queue sampler channel closed by the broker"));
    channel.on("close", () => this.dropChannel(channel));
    this.channel = channel;
    return channel;
  }

  private dropChannel(channel: Channel): void {
    if (this.channel === channel) this.channel = undefined;
  }

  private async connect(): Promise<ChannelModel> {
    if (this.connection) return this.connection;
    const urls = this.config.urls.length > 0 ? this.config.urls : [this.config.url];
    // One endpoint per attempt, the next one next time: a failover list is tried in turn.
    const url = urls[this.attempts++ % urls.length] as string;
    const connection = await amqpConnect(`${url}?heartbeat=${this.config.heartbeatSeconds ?? HEARTBEAT_SECONDS}`, {
      timeout: CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: "bloom queue sampler" },
    });
    connection.on("error", (error: unknown) => this.log.debug({ err: describeError(error) }, "queue sampler amqp connection error"));
    connection.on("close", () => {
      if (this.connection !== connection) return;
      this.connection = undefined;
      this.channel = undefined;
      void releaseSocket(connection);
    });
    this.connection = connection;
    return connection;
  }
}

/** A channel-level close from the broker: amqplib rejects with the AMQP reply code. */
function isChannelError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 403 || code === 404 || code === 405;
}
