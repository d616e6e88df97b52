import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";
import { type RedisBrokerConfig, redisEventChannelPattern, redisEventChannelPrefix } from "@/lib/celery/broker-url";
import { redisConnectionOptions } from "@/lib/broker/redis-options";
import { type Backoff, createBackoff } from "./backoff";
import { describeError } from "@/lib/broker/describe-error";
import type { EventSource, EventSourceOptions, RawEventMessage, SourceStatus } from "./event-source";
import { MessageBatcher } from "./message-batcher";
import { silentLogger } from "@/lib/broker/silent-logger";
import { StatusTracker } from "./status-tracker";

const DEFAULT_MAX_BATCH = 1_000;
/** A pub/sub connection is silent when Celery is idle, so a dead peer shows only when probed. */
const PING_INTERVAL_MS = 15_000;
const PING_TIMEOUT_MS = 10_000;
/** ioredis emits 'end' when a manual disconnect completes; this bounds the wait if it never does. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * Celery events on Redis: kombu publishes them with PUBLISH on channels
 * `/{db}.celeryev/{routing_key}` (fanout exchange + fanout_prefix), so Bloom PSUBSCRIBEs
 * `/{db}.celeryev/*` on one dedicated connection.
 *
 * Pub/sub keeps nothing for absent subscribers: events published while Bloom is
 * disconnected (or restarting) are lost for good. That is inherent to Celery on Redis
 * (Flower loses them too); the worker heartbeats, which repeat every few seconds, are what
 * brings worker state back, and task state catches up with the tasks' next events.
 */
export class RedisEventSource implements EventSource {
  readonly transport = "redis" as const;
  private readonly log: Logger;
  private readonly tracker: StatusTracker;
  private readonly pattern: string;
  private readonly prefix: string;
  private client: Redis | undefined;
  private batcher: MessageBatcher | undefined;
  private started = false;
  private stopping: Promise<void> | undefined;
  private lastError: string | undefined;
  /** bumps on every 'ready', so a late PSUBSCRIBE failure cannot tear down a newer connection */
  private epoch = 0;
  private pingTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;

  constructor(
    private readonly config: RedisBrokerConfig,
    private readonly opts: EventSourceOptions = {},
  ) {
    this.log = opts.logger ?? silentLogger();
    this.tracker = new StatusTracker(this.log);
    this.backoff = createBackoff(opts.backoff);
    const exchange = opts.exchange ?? "celeryev";
    this.pattern = redisEventChannelPattern(config.db, exchange);
    this.prefix = redisEventChannelPrefix(config.db, exchange);
  }

  async start(onMessages: (batch: RawEventMessage[]) => void): Promise<void> {
    if (this.started) throw new Error("this event source was already started; create a new one");
    this.started = true;
    this.batcher = new MessageBatcher(onMessages, this.opts.maxBatchSize ?? DEFAULT_MAX_BATCH, this.log);
    const client = new Redis(this.redisOptions());
    this.client = client;

    // Without an 'error' listener ioredis prints every failed reconnect to stderr.
    client.on("error", (error: unknown) => {
      this.lastError = describeError(error);
      this.log.debug({ err: error }, "redis event connection error");
    });
    client.on("ready", () => void this.subscribe(client));
    client.on("close", () => this.stopPing());
    // 'end' = ioredis gave up on this connection (we never let it retry by itself).
    client.on("end", () => this.scheduleRetry());
    client.on("pmessageBuffer", (_pattern: string, channel: Buffer, message: Buffer) => this.receive(channel, message));

    const outcome = this.tracker.firstOutcome();
    this.connectNow();
    await outcome;
  }

  ack(_upTo: RawEventMessage): void {
    // Pub/sub has no acknowledgements: a message is gone from Redis once published.
  }

  status(): SourceStatus {
    return this.tracker.get();
  }

  onStatus(listener: (s: SourceStatus) => void): () => void {
    return this.tracker.subscribe(listener);
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopPing();
    // Nothing will redeliver these, so hand them over rather than drop them.
    this.batcher?.flush();
    const client = this.client;
    // "end" and "wait" mean no socket (a retry, if any, was the timer cleared above).
    if (client && client.status !== "end" && client.status !== "wait") {
      const ended = onceOrTimeout(client, "end", STOP_TIMEOUT_MS);
      client.disconnect();
      await ended;
    }
    client?.removeAllListeners();
    this.tracker.stopped();
  }

  private connectNow(): void {
    this.retryTimer = undefined;
    if (this.stopping) return;
    // Failures arrive as 'error' + 'end'; the promise adds nothing.
    this.client?.connect().catch(() => undefined);
  }

  /**
   * Bloom, not ioredis, owns the retry loop: ioredis' own retries leave a 2 s timer behind
   * when disconnected mid-backoff, and its Sentinel retries sleep in a timer no
   * disconnect() can cancel. Either would break stop()'s "no open handles" promise.
   */
  private scheduleRetry(): void {
    this.stopPing();
    if (this.stopping || this.retryTimer) return;
    const { attempt, delayMs } = this.backoff.next();
    const error = this.lastError ?? "connection closed";
    this.tracker.failed(error, attempt);
    this.log.debug({ attempt, delayMs, error }, "redis event connection retry scheduled");
    this.retryTimer = setTimeout(() => this.connectNow(), delayMs);
  }

  private redisOptions(): RedisOptions {
    return {
      ...redisConnectionOptions(this.config, {
        connectionName: "bloom-events",
        connectTimeoutMs: this.opts.connectTimeoutMs ?? 10_000,
        maxRetriesPerRequest: null,
      }),
      // We PSUBSCRIBE ourselves on every 'ready' so that "connected" means "subscribed".
      autoResubscribe: false,
    };
  }

  private async subscribe(client: Redis): Promise<void> {
    const epoch = ++this.epoch;
    try {
      await client.psubscribe(this.pattern);
      if (this.stopping || epoch !== this.epoch) return;
      this.lastError = undefined;
      this.backoff.reset();
      this.tracker.connected();
      this.startPing(client, epoch);
      this.log.debug({ pattern: this.pattern }, "redis event subscription active");
    } catch (error) {
      if (this.stopping || epoch !== this.epoch) return;
      this.lastError = `PSUBSCRIBE ${this.pattern} failed: ${describeError(error)}`;
      // Reconnect (via 'end' → scheduleRetry, with backoff) rather than sit connected but deaf.
      client.disconnect(true);
    }
  }

  private receive(channelBytes: Buffer, payload: Buffer): void {
    const channel = channelBytes.toString("utf8");
    this.batcher?.push({
      payload,
      channel,
      routingKey: channel.startsWith(this.prefix) ? channel.slice(this.prefix.length) : channel,
      receivedAt: Date.now(),
      transport: "redis",
    });
  }

  private startPing(client: Redis, epoch: number): void {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      let answered = false;
      const deadline = setTimeout(() => {
        if (answered || this.stopping || epoch !== this.epoch) return;
        this.lastError = `no PING reply within ${PING_TIMEOUT_MS} ms`;
        client.disconnect(true);
      }, PING_TIMEOUT_MS);
      deadline.unref();
      client
        .ping()
        .catch(() => undefined)
        .finally(() => {
          answered = true;
          clearTimeout(deadline);
        });
    }, PING_INTERVAL_MS);
    // The ping keeps the subscription honest; it must not keep the process alive.
    this.pingTimer.unref();
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}

function onceOrTimeout(emitter: Redis, event: "end", timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    emitter.once(event, done);
    function done() {
      clearTimeout(timer);
      emitter.off(event, done);
      resolve();
    }
  });
}
