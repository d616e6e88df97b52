import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import type { RedisBrokerConfig } from "@/lib/celery/broker-url";
import { bindingKey, isInternalQueue, queueListNames, queuesFromBindings } from "@/lib/celery/redis-queues";
import type { QueueSampleRecord } from "@/lib/repositories/queue-samples";
import { describeError } from "@/lib/broker/describe-error";
import type { KnownQueues } from "./known-queues";
import type { QueueProbe } from "./queue-probe";
import { redisConnectionOptions } from "@/lib/broker/redis-options";

const COMMAND_TIMEOUT_MS = 5_000;

/**
 * Queue depths on a Redis broker. The queues are those bound to the known exchanges
 * (`_kombu.binding.<exchange>` sets: Celery declares a queue there when a worker or client
 * first uses it) plus the known names; a queue's depth is the LLEN of its list and of its
 * priority sub-lists. Two pipelined round trips per sample, whatever the number of queues.
 *
 * celery: Redis cannot tell how many workers consume a queue, so `consumers` is null.
 * Messages a worker has fetched but not acknowledged sit in `unacked`, not in the lists,
 * and are not counted (as in `celery inspect` and Flower).
 */
export class RedisQueueProbe implements QueueProbe {
  readonly transport = "redis" as const;
  private client: Redis | undefined;

  constructor(
    private readonly config: RedisBrokerConfig,
    private readonly log: Logger,
  ) {}

  async sample(known: KnownQueues): Promise<QueueSampleRecord[]> {
    const client = await this.connected();
    const bindings = await exec(client.pipeline(known.exchanges.map((exchange) => ["smembers", bindingKey(exchange)])));
    const members = bindings.flatMap(([error, value]) => (error === null && Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []));
    const queues = [...new Set([...queuesFromBindings(members), ...known.queues])].filter((queue) => !isInternalQueue(queue));
    if (queues.length === 0) return [];

    const lists = queues.map(queueListNames);
    const lengths = await exec(client.pipeline(lists.flat().map((list) => ["llen", list])));
    const samples: QueueSampleRecord[] = [];
    let at = 0;
    queues.forEach((queue, index) => {
      const replies = lengths.slice(at, at + (lists[index]?.length ?? 0));
      at += replies.length;
      // WRONGTYPE on the queue's own key: something else has that name, not a kombu queue.
      if (replies[0]?.[0]) return;
      const depth = replies.reduce((sum, [error, value]) => sum + (error === null && typeof value === "number" ? value : 0), 0);
      samples.push({ queue, depth, consumers: null });
    });
    return samples;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.quit();
    } catch {
      client.disconnect();
    }
  }

  /** Connects on first use; after a lost connection the next sample opens a new one. */
  private async connected(): Promise<Redis> {
    // 'end': the connection was lost (Bloom does not let ioredis retry); start over.
    if (this.client?.status === "end") this.client = undefined;
    if (!this.client) {
      const client = new Redis(this.options());
      client.on("error", (error: unknown) => this.log.debug({ err: describeError(error) }, "queue sampler redis connection error"));
      this.client = client;
    }
    if (this.client.status === "wait") await this.client.connect();
    return this.client;
  }

  private options(): RedisOptions {
    return redisConnectionOptions(this.config, {
      connectionName: "bloom-queue-sampler",
      connectTimeoutMs: COMMAND_TIMEOUT_MS,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
    });
  }
}

type PipelineReply = [Error | null, unknown];

async function exec(pipeline: { exec(): Promise<PipelineReply[] | null> }): Promise<PipelineReply[]> {
  const replies = await pipeline.exec();
  if (!replies) throw new Error("redis pipeline returned no replies");
  return replies;
}
