import { readFileSync } from "node:fs";
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import type { RedisBrokerConfig } from "@/lib/celery/broker-url";
import { bindingKey, isInternalQueue, queueListNames, queuesFromBindings } from "@/lib/celery/redis-queues";
import type { QueueSampleRecord } from "@/lib/repositories/queue-samples";
import { describeError } from "../sources/describe-error";
import type { KnownQueues } from "./known-queues";
import type { QueueProbe } from "./queue-probe";

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

  /** Connects on first use; ioredis reconnects by itself afterwards (commands fail meanwhile). */
  private async connected(): Promise<Redis> {
    // 'end': ioredis gave up retrying; start over with a fresh client.
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
    const { config } = this;
    const base: RedisOptions = {
      db: config.db,
      ...(config.username === undefined ? {} : { username: config.username }),
      ...(config.password === undefined ? {} : { password: config.password }),
      lazyConnect: true,
      // A sample taken while disconnected fails at once instead of queueing behind the outage.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: COMMAND_TIMEOUT_MS,
      connectionName: "bloom-queue-sampler",
    };
    if (config.sentinels) return { ...base, sentinels: config.sentinels, name: config.sentinelMasterName ?? "" };
    return { ...base, host: config.host, port: config.port, ...(config.tls ? { tls: this.tls() } : {}) };
  }

  private tls(): NonNullable<RedisOptions["tls"]> {
    const t = this.config.tlsOptions ?? { rejectUnauthorized: true };
    const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
    const ca = read(t.caFile);
    const cert = read(t.certFile);
    const key = read(t.keyFile);
    return { rejectUnauthorized: t.rejectUnauthorized, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  }
}

type PipelineReply = [Error | null, unknown];

async function exec(pipeline: { exec(): Promise<PipelineReply[] | null> }): Promise<PipelineReply[]> {
  const replies = await pipeline.exec();
  if (!replies) throw new Error("redis pipeline returned no replies");
  return replies;
}
