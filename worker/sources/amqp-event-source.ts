import { type Channel, type ChannelModel, type ConsumeMessage, connect as amqpConnect } from "amqplib";
import { once } from "node:events";
import { Socket } from "node:net";
import type { Logger } from "pino";
import type { AmqpBrokerConfig } from "@/lib/celery/broker-url";
import { createBackoff, type Backoff } from "./backoff";
import { describeError } from "@/lib/broker/describe-error";
import type { AmqpSourceOptions, EventSource, EventSourceOptions, RawEventMessage, SourceStatus } from "./event-source";
import { MessageBatcher } from "./message-batcher";
import { silentLogger } from "@/lib/broker/silent-logger";
import { StatusTracker } from "./status-tracker";

export const AMQP_DEFAULTS = {
  queueName: "bloom.events",
  maxLength: 1_000_000,
  messageTtlMs: 3_600_000,
  prefetch: 2_000,
  heartbeatSeconds: 30,
} satisfies Required<AmqpSourceOptions>;

const DEFAULT_MAX_BATCH = 1_000;

/** One connection + channel + consumer; replaced wholesale on any failure. */
type Session = {
  connection: ChannelModel;
  channel: Channel | undefined;
  /** highest delivery tag acked with allUpTo; acking at or below it again would kill the channel */
  ackedUpTo: number;
  closed: boolean;
};

type Delivery = { session: Session; message: ConsumeMessage };

/**
 * Celery events on RabbitMQ: workers publish to the `celeryev` topic exchange with routing
 * keys like `task.multi`, `worker.heartbeat`. Celery's own monitors (and Flower) consume
 * through auto-delete queues with a 5 s message TTL, so they lose whatever arrives while
 * they are down or slow. Bloom instead owns one durable, named queue bound with `#`: events
 * wait for Bloom across restarts of Bloom (bounded by x-max-length and x-message-ttl), and
 * each is acked only after the pipeline committed it, so a crash means redelivery, not loss.
 * (Events are published transient, delivery_mode 1, so a RabbitMQ restart still drops what
 * is queued at that moment; that is the publisher's choice, not ours.)
 */
export class AmqpEventSource implements EventSource {
  readonly transport = "amqp" as const;
  private readonly log: Logger;
  private readonly tracker: StatusTracker;
  private readonly backoff: Backoff;
  private readonly settings: Required<AmqpSourceOptions> & { exchange: string; connectTimeoutMs: number };
  private readonly deliveries = new WeakMap<RawEventMessage, Delivery>();
  private batcher: MessageBatcher | undefined;
  private session: Session | undefined;
  private started = false;
  private stopping: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;
  /** counts every attempt, to rotate through a failover list */
  private attempts = 0;

  constructor(
    private readonly config: AmqpBrokerConfig,
    private readonly opts: EventSourceOptions = {},
  ) {
    this.log = opts.logger ?? silentLogger();
    this.tracker = new StatusTracker(this.log);
    this.backoff = createBackoff(opts.backoff);
    const a = { ...AMQP_DEFAULTS, ...definedOnly(opts.amqp ?? {}) };
    this.settings = {
      queueName: a.queueName,
      maxLength: positiveInt("amqp.maxLength", a.maxLength),
      messageTtlMs: positiveInt("amqp.messageTtlMs", a.messageTtlMs),
      // basic.qos prefetch-count is a 16-bit field.
      prefetch: Math.min(positiveInt("amqp.prefetch", a.prefetch), 65_535),
      heartbeatSeconds: config.heartbeatSeconds ?? a.heartbeatSeconds,
      exchange: opts.exchange ?? "celeryev",
      connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    };
    if (this.settings.queueName.trim() === "") throw new Error("amqp.queueName must not be empty");
  }

  async start(onMessages: (batch: RawEventMessage[]) => void): Promise<void> {
    if (this.started) throw new Error("this event source was already started; create a new one");
    this.started = true;
    this.batcher = new MessageBatcher(onMessages, this.opts.maxBatchSize ?? DEFAULT_MAX_BATCH, this.log);
    const outcome = this.tracker.firstOutcome();
    this.connectNow();
    await outcome;
  }

  ack(upTo: RawEventMessage): void {
    const delivery = this.deliveries.get(upTo);
    if (!delivery) return;
    const { session, message } = delivery;
    // A dead channel's tags mean nothing on its successor; the broker redelivers them instead.
    if (session.closed || session !== this.session || !session.channel) return;
    const tag = message.fields.deliveryTag;
    // A second ack of a tag already covered by allUpTo is a channel error (PRECONDITION_FAILED).
    if (tag <= session.ackedUpTo) return;
    try {
      session.channel.ack(message, true);
      session.ackedUpTo = tag;
    } catch (error) {
      // The channel closed between our check and the ack; its close handler reconnects.
      this.log.debug({ err: error }, "ack on a closing channel ignored");
    }
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
    // An attempt in flight checks `stopping` after each step and closes what it opened.
    await this.connecting;
    // Unacked messages (pending here or in the pipeline) go back to the queue when the
    // connection closes, so dropping the pending ones loses nothing.
    this.batcher?.discard();
    const session = this.session;
    this.session = undefined;
    if (session) await this.closeSession(session);
    this.tracker.stopped();
  }

  private connectNow(): void {
    this.retryTimer = undefined;
    if (this.stopping) return;
    this.connecting = this.connect().finally(() => {
      this.connecting = undefined;
    });
  }

  private async connect(): Promise<void> {
    const urls = this.config.urls.length > 0 ? this.config.urls : [this.config.url];
    const url = urls[this.attempts++ % urls.length] as string;
    let session: Session | undefined;
    try {
      const connection = await amqpConnect(`${url}?heartbeat=${this.settings.heartbeatSeconds}`, {
        timeout: this.settings.connectTimeoutMs,
        clientProperties: { connection_name: `bloom events (${this.settings.queueName})` },
      });
      const current: Session = { connection, channel: undefined, ackedUpTo: 0, closed: false };
      session = current;
      // 'error' always precedes 'close'; keep the reason for the status line.
      let reason: string | undefined;
      connection.on("error", (error: unknown) => {
        reason = describeError(error);
      });
      connection.on("close", (error?: unknown) => this.lost(current, reason ?? (error ? describeError(error) : "connection closed")));
      connection.on("blocked", (why: string) => this.log.warn({ reason: why }, "RabbitMQ blocked Bloom's connection"));
      this.abortIfStopping();

      const channel = await connection.createChannel();
      current.channel = channel;
      let channelReason: string | undefined;
      channel.on("error", (error: unknown) => {
        channelReason = describeError(error);
      });
      channel.on("close", () => this.lost(current, channelReason ?? "channel closed"));
      await this.declare(channel);
      this.abortIfStopping();

      await channel.consume(this.settings.queueName, (message) => this.receive(current, message), { noAck: false });
      this.abortIfStopping();
      if (current.closed) throw new Error(reason ?? channelReason ?? "connection closed during setup");
      this.session = current;
      this.backoff.reset();
      this.tracker.connected();
      this.log.debug({ queue: this.settings.queueName }, "amqp event consumer active");
    } catch (error) {
      if (session) await this.closeSession(session);
      if (this.stopping) return;
      this.scheduleRetry(describeError(error));
    }
  }

  /** Declared exactly as Celery does (celery/events/event.py: Exchange('celeryev', type='topic'), kombu defaults durable, not auto-delete), so neither side's declare fails. */
  private async declare(channel: Channel): Promise<void> {
    const { exchange, queueName, maxLength, messageTtlMs, prefetch } = this.settings;
    await channel.assertExchange(exchange, "topic", { durable: true, autoDelete: false, internal: false });
    // x-overflow stays at RabbitMQ's default drop-head: when Bloom is far behind, the oldest events go first.
    await channel.assertQueue(queueName, {
      durable: true,
      autoDelete: false,
      exclusive: false,
      arguments: { "x-max-length": maxLength, "x-message-ttl": messageTtlMs },
    });
    await channel.bindQueue(queueName, exchange, "#");
    // Per consumer (global=false): bounds what sits in memory between delivery and DB commit.
    await channel.prefetch(prefetch, false);
  }

  private receive(session: Session, message: ConsumeMessage | null): void {
    if (message === null) {
      // RabbitMQ cancelled the consumer (queue deleted, node failover): start over, which re-declares.
      this.lost(session, `consumer cancelled by the broker (was queue ${this.settings.queueName} deleted?)`);
      return;
    }
    if (session.closed) return;
    const { fields, properties } = message;
    const raw: RawEventMessage = {
      payload: message.content,
      channel: fields.routingKey,
      routingKey: fields.routingKey,
      ...stringProp("contentType", properties.contentType),
      ...stringProp("contentEncoding", properties.contentEncoding),
      ...(properties.headers ? { headers: { ...properties.headers } as Record<string, unknown> } : {}),
      receivedAt: Date.now(),
      transport: "amqp",
    };
    // Weak: a message the pipeline drops without acking costs no memory here; the broker still
    // holds it as unacked and redelivers it when this channel closes.
    this.deliveries.set(raw, { session, message });
    this.batcher?.push(raw);
  }

  private lost(session: Session, reason: string): void {
    if (session.closed) return;
    session.closed = true;
    // Still being set up: the failing step rejects too, and connect()'s catch retries with
    // the more telling error (e.g. PRECONDITION_FAILED from assertQueue, not "channel closed").
    if (this.session !== session) return;
    this.session = undefined;
    // Pending messages of the dead channel will be redelivered; delivering them now would
    // only produce acks that go nowhere.
    this.batcher?.discard();
    void this.closeSession(session);
    if (this.stopping) return;
    this.log.warn({ reason }, "amqp event connection lost");
    this.scheduleRetry(reason);
  }

  private scheduleRetry(reason: string): void {
    if (this.stopping || this.retryTimer) return;
    const { attempt, delayMs } = this.backoff.next();
    this.tracker.failed(explain(reason, this.settings.queueName), attempt);
    this.log.debug({ attempt, delayMs, reason }, "amqp event connection retry scheduled");
    this.retryTimer = setTimeout(() => this.connectNow(), delayMs);
  }

  private async closeSession(session: Session): Promise<void> {
    session.closed = true;
    // Channel first: amqplib muxes each channel's frames separately, so a connection.close
    // can overtake acks still buffered on the channel and RabbitMQ would requeue messages
    // the pipeline already committed. channel.close() is queued behind them and its
    // close-ok proves they were processed. RabbitMQ requeues whatever stays unacked.
    try {
      await session.channel?.close();
    } catch {
      // Already closed: nothing buffered on it can matter any more.
    }
    try {
      await session.connection.close();
    } catch {
      // Already closed or closing: that is the goal.
    }
    await releaseSocket(session.connection);
  }

  private abortIfStopping(): void {
    if (this.stopping) throw new Error("stopping");
  }
}

/**
 * amqplib's close() resolves at close-ok but only half-closes the socket (end()), which
 * then lingers until the broker hangs up. stop() promises no open handles, so finish the
 * job: after close-ok nothing is left to send or receive. The socket is amqplib's private
 * `connection.stream`; checked at run time, so a future amqplib without it only skips this.
 */
async function releaseSocket(model: ChannelModel): Promise<void> {
  const stream: unknown = (model.connection as unknown as { stream?: unknown }).stream;
  if (!(stream instanceof Socket) || stream.closed) return;
  const closed = once(stream, "close").then(() => undefined, () => undefined);
  stream.destroy();
  await closed;
}

/** RabbitMQ's error text is exact but cryptic; say what to do about the common ones. */
function explain(message: string, queueName: string): string {
  if (message.includes("inequivalent arg")) {
    return `${message} (queue ${queueName} or exchange exists with other settings: delete it, e.g. rabbitmqctl delete_queue ${queueName}, or configure Bloom to match)`;
  }
  if (message.includes("ACCESS_REFUSED")) {
    return `${message} (check the user, password and vhost in CELERY_BROKER_URL)`;
  }
  return message;
}

function stringProp<K extends "contentType" | "contentEncoding">(key: K, value: unknown): { [P in K]?: string } {
  return typeof value === "string" ? ({ [key]: value } as { [P in K]?: string }) : {};
}

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got ${value}`);
  return value;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
