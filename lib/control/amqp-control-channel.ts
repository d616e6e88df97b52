import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { Socket } from "node:net";
import { connect as amqpConnect, type ChannelModel, type ConfirmChannel, type ConsumeMessage, type Options } from "amqplib";
import type { Logger } from "pino";
import type { AmqpBrokerConfig } from "@/lib/celery/broker-url";
import {
  DEFAULT_CONTROL_EXCHANGE,
  LamportClock,
  REPLY_QUEUE_EXPIRES_MS,
  REPLY_QUEUE_TTL_MS,
  broadcastHeaders,
  kombuJsonDumps,
  parsePidboxReply,
  pidboxNames,
  queueNameSchema,
  replyQueueName,
  type PidboxNames,
} from "@/lib/celery/control-messages";
import { decodeBody } from "@/lib/celery/envelope";
import type { JsonObject } from "@/lib/celery/json-value";
import { prioritySchema, taskBodyJson, withDefaultOrigin, type TaskMessage } from "@/lib/celery/task-message";
import { describeError } from "@/lib/broker/describe-error";
import { silentLogger } from "@/lib/broker/silent-logger";
import { toAmqpTable } from "./amqp-headers";
import { defaultOrigin, planBroadcast } from "./broadcast-plan";
import type { BroadcastOptions, BroadcastResult, ControlChannel, ControlChannelOptions, SendTaskOptions } from "./control-channel";
import { ControlError, toControlError } from "./control-error";
import { PendingBroadcasts } from "./pending-broadcasts";

const DEFAULT_HEARTBEAT_SECONDS = 30;
const JSON_PROPERTIES = { contentType: "application/json", contentEncoding: "utf-8" } as const;

/** One connection, its confirm channel and its reply queue; replaced wholesale after any loss. */
type Session = {
  connection: ChannelModel;
  channel: ConfirmChannel;
  replyRoutingKey: string;
  /** tickets of the broadcasts waiting on this session's reply queue */
  tickets: Set<string>;
  /** task queues known to exist (checked or declared) on this connection */
  knownQueues: Set<string>;
  closed: boolean;
};

/**
 * Celery remote control on RabbitMQ, declared exactly as Celery 5.2 declares it
 * (kombu/pidbox.py Mailbox with celery/app/control.py's settings), so neither side's
 * declaration fails on the other's:
 *
 * - requests: fanout exchange `celery.pidbox` (durable=False, auto_delete=False), routing key "";
 * - replies: direct exchange `reply.celery.pidbox` (durable=False), into a reply queue
 *   `<key>.reply.celery.pidbox` bound with routing key `<key>`, with Celery's
 *   x-expires 10 s / x-message-ttl 300 s.
 *
 * One reply queue per connection, like kombu's one per Mailbox; replies are told apart by the
 * `ticket` header. Tasks go to the default exchange with the queue name as routing key.
 * celery: on a confirm channel (Celery publishes without confirms unless confirm_publish is
 * set), so sendTask resolves only once RabbitMQ has the message.
 */
export class AmqpControlChannel implements ControlChannel {
  readonly transport = "amqp" as const;
  private readonly log: Logger;
  private readonly names: PidboxNames;
  private readonly controlExchange: string;
  private readonly origin: string;
  private readonly pending = new PendingBroadcasts();
  private readonly clock = new LamportClock();
  private session: Session | undefined;
  private opening: Promise<Session> | undefined;
  /** counts connection attempts, to rotate through a failover list */
  private attempts = 0;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly config: AmqpBrokerConfig,
    private readonly options: ControlChannelOptions = {},
  ) {
    this.log = options.logger ?? silentLogger();
    this.controlExchange = options.controlExchange ?? DEFAULT_CONTROL_EXCHANGE;
    this.names = pidboxNames(this.controlExchange);
    this.origin = options.origin ?? defaultOrigin();
  }

  async broadcast(method: string, args: JsonObject, options: BroadcastOptions): Promise<BroadcastResult> {
    const startedAt = performance.now();
    this.assertOpen();
    // Validate before connecting: a bad call must not cost a connection (the reply routing
    // key belongs to the session, so the real plan is made once it is open).
    planBroadcast(method, args, options, { exchange: this.names.replyExchange, routingKey: "-" });
    const session = await this.currentSession();
    // close() may have begun while we connected; what begins after its failAll() must not hang.
    this.assertOpen();
    const plan = planBroadcast(method, args, options, { exchange: this.names.replyExchange, routingKey: session.replyRoutingKey });
    const body = Buffer.from(kombuJsonDumps(plan.request), "utf8");
    const publishOptions: Options.Publish = {
      ...JSON_PROPERTIES,
      headers: toAmqpTable(broadcastHeaders(this.clock.forward(), plan.timeoutMs, Date.now())),
      // kombu publishes requests by exchange name, so the producer's default (persistent) applies.
      deliveryMode: 2,
      priority: 0,
    };

    if (plan.ticket === undefined) {
      await this.publish(session, this.names.exchange, "", body, publishOptions);
      return { replies: {}, timedOut: false, elapsedMs: performance.now() - startedAt };
    }

    const ticket = plan.ticket;
    const result = this.pending.begin(ticket, plan.expected, plan.timeoutMs, startedAt);
    session.tickets.add(ticket);
    const forget = () => session.tickets.delete(ticket);
    result.then(forget, forget);
    // Not awaiting the confirm: replies may well arrive first, and a failed publish (or a
    // lost channel) fails the broadcast through the same registry.
    this.publish(session, this.names.exchange, "", body, publishOptions).catch((error: unknown) =>
      this.pending.fail(ticket, toControlError(error, "broker_unavailable", "publishing the request failed")),
    );
    return result;
  }

  async sendTask(message: TaskMessage, options: SendTaskOptions): Promise<void> {
    this.assertOpen();
    const queue = queueNameSchema.safeParse(options.queue);
    if (!queue.success) throw new ControlError("invalid_argument", queue.error.issues[0]?.message ?? "invalid queue", "queue");
    const priority = prioritySchema.safeParse(options.priority ?? 0);
    if (!priority.success) throw new ControlError("invalid_argument", priority.error.issues[0]?.message ?? "invalid priority", "priority");

    const task = withDefaultOrigin(message, this.origin);
    const session = await this.currentSession();
    await this.ensureQueue(session, queue.data);
    await this.publish(session, "", queue.data, Buffer.from(taskBodyJson(task), "utf8"), {
      ...JSON_PROPERTIES,
      headers: toAmqpTable(task.headers),
      correlationId: task.properties.correlation_id,
      replyTo: task.properties.reply_to,
      deliveryMode: 2,
      priority: priority.data,
    });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.pending.failAll(new ControlError("closed", "the control channel was closed"));
    const session = (await this.opening?.catch(() => undefined)) ?? this.session;
    this.session = undefined;
    // The reply queue is exclusive: RabbitMQ deletes it with the connection.
    if (session) await closeSession(session);
  }

  private assertOpen(): void {
    if (this.closing) throw new ControlError("closed", "the control channel was closed");
  }

  private publish(session: Session, exchange: string, routingKey: string, body: Buffer, options: Options.Publish): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      try {
        session.channel.publish(exchange, routingKey, body, options, (error: unknown) =>
          error ? reject(toControlError(error, "publish_failed", "RabbitMQ did not take the message")) : resolve(),
        );
      } catch (error) {
        // amqplib throws synchronously when the channel is already closed.
        reject(toControlError(error, "broker_unavailable", "the AMQP channel is closed"));
      }
    });
  }

  private currentSession(): Promise<Session> {
    if (this.session && !this.session.closed) return Promise.resolve(this.session);
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Tries each endpoint of a failover list once, starting after the last one tried. */
  private async open(): Promise<Session> {
    const urls = this.config.urls.length > 0 ? this.config.urls : [this.config.url];
    const errors: string[] = [];
    for (let i = 0; i < urls.length; i++) {
      const url = urls[this.attempts++ % urls.length] as string;
      try {
        const session = await this.connect(url);
        if (this.closing) {
          await closeSession(session);
          throw new ControlError("closed", "the control channel was closed");
        }
        this.session = session;
        return session;
      } catch (error) {
        if (error instanceof ControlError) throw error;
        errors.push(describeError(error));
      }
    }
    throw new ControlError("broker_unavailable", `cannot connect to RabbitMQ: ${explain(errors.join("; "))}`);
  }

  private async connect(url: string): Promise<Session> {
    const heartbeat = this.config.heartbeatSeconds ?? this.options.amqpHeartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
    const connection = await amqpConnect(`${url}?heartbeat=${heartbeat}`, {
      timeout: this.options.connectTimeoutMs ?? 10_000,
      clientProperties: { connection_name: "bloom control" },
    });
    const replyRoutingKey = randomUUID();
    let session: Session | undefined;
    let reason: string | undefined;
    connection.on("error", (error: unknown) => {
      reason = describeError(error);
    });
    connection.on("close", () => session && this.lost(session, reason ?? "connection closed"));
    try {
      const channel = await connection.createConfirmChannel();
      const current: Session = { connection, channel, replyRoutingKey, tickets: new Set(), knownQueues: new Set(), closed: false };
      session = current;
      channel.on("error", (error: unknown) => {
        reason = describeError(error);
      });
      channel.on("close", () => this.lost(current, reason ?? "channel closed"));

      await channel.assertExchange(this.names.exchange, "fanout", { durable: false, autoDelete: false });
      await channel.assertExchange(this.names.replyExchange, "direct", { durable: false, autoDelete: false });
      const queue = replyQueueName(replyRoutingKey, this.controlExchange);
      // celery: kombu's reply queue is not exclusive; Bloom's is, so RabbitMQ removes it with
      // the connection even when Bloom dies without cleaning up.
      await channel.assertQueue(queue, {
        exclusive: true,
        durable: false,
        autoDelete: true,
        arguments: { "x-expires": REPLY_QUEUE_EXPIRES_MS, "x-message-ttl": REPLY_QUEUE_TTL_MS },
      });
      await channel.bindQueue(queue, this.names.replyExchange, replyRoutingKey);
      await channel.consume(queue, (message) => this.receive(current, message), { noAck: true, exclusive: true });
      if (current.closed) throw new Error(reason ?? "connection closed during setup");
      return current;
    } catch (error) {
      if (session) session.closed = true;
      await closeConnection(connection);
      throw error;
    }
  }

  private receive(session: Session, message: ConsumeMessage | null): void {
    if (message === null) {
      this.lost(session, "RabbitMQ cancelled the reply consumer (was the reply queue deleted?)");
      return;
    }
    const { properties } = message;
    const headers = (properties.headers ?? {}) as Record<string, unknown>;
    const compression = typeof headers["compression"] === "string" ? headers["compression"] : null;
    const body = decodeBody(message.content, properties.contentType as string | undefined, properties.contentEncoding as string | undefined, { compression });
    if (!body.ok) {
      this.log.warn({ reason: body.reason, detail: body.detail }, "dropped an unreadable pidbox reply");
      return;
    }
    const parsed = parsePidboxReply(body.body, headers);
    if (!parsed.ok) {
      this.log.warn({ reason: parsed.reason, detail: parsed.detail }, "dropped an unreadable pidbox reply");
      return;
    }
    if (parsed.reply.clock !== undefined) this.clock.adjust(parsed.reply.clock);
    // celery: kombu treats a reply without ticket as its own; a shared reply queue cannot.
    if (!this.pending.deliver(parsed.reply)) this.log.debug({ ticket: parsed.reply.ticket }, "dropped a late pidbox reply");
  }

  private lost(session: Session, reason: string): void {
    if (session.closed) return;
    session.closed = true;
    if (this.session === session) this.session = undefined;
    // Its exclusive reply queue is gone with it: whatever was still expected cannot arrive.
    const error = new ControlError("broker_unavailable", `lost the RabbitMQ connection: ${reason}`);
    for (const ticket of session.tickets) this.pending.fail(ticket, error);
    session.tickets.clear();
    if (!this.closing) this.log.warn({ reason }, "amqp control connection lost");
    void closeSession(session);
  }

  /**
   * Celery declares a task's queue before publishing (the default exchange drops messages for
   * queues that do not exist). celery: Bloom checks first and uses an existing queue as it is:
   * re-declaring it with Celery's plain settings would fail (and close the channel) if the app
   * declared it differently (x-max-priority, quorum queues...).
   */
  private async ensureQueue(session: Session, queue: string): Promise<void> {
    if (session.knownQueues.has(queue)) return;
    // A passive check that fails closes its channel, so it gets a throwaway one.
    const probe = await session.connection.createChannel().catch((error: unknown) => {
      throw toControlError(error, "broker_unavailable", "cannot open an AMQP channel");
    });
    probe.on("error", () => undefined);
    let exists = true;
    try {
      await probe.checkQueue(queue);
    } catch (error) {
      if (!/NOT_FOUND|404/.test(describeError(error))) throw toControlError(error, "broker_unavailable", `checking queue ${queue} failed`);
      exists = false;
    } finally {
      await probe.close().catch(() => undefined);
    }
    if (!exists) {
      // celery: the automatic queue of task_create_missing_queues: Queue(name, Exchange(name), routing_key=name).
      try {
        await session.channel.assertExchange(queue, "direct", { durable: true, autoDelete: false });
        await session.channel.assertQueue(queue, { durable: true, autoDelete: false, exclusive: false });
        await session.channel.bindQueue(queue, queue, queue);
      } catch (error) {
        throw toControlError(error, "publish_failed", `cannot declare queue ${queue}`);
      }
    }
    session.knownQueues.add(queue);
  }
}

async function closeSession(session: Session): Promise<void> {
  session.closed = true;
  try {
    await session.channel.close();
  } catch {
    // Already closed: nothing buffered on it can matter any more.
  }
  await closeConnection(session.connection);
}

async function closeConnection(connection: ChannelModel): Promise<void> {
  try {
    await connection.close();
  } catch {
    // Already closed or closing: that is the goal.
  }
  await releaseSocket(connection);
}

/**
 * amqplib's close() resolves at close-ok but only half-closes the socket, which then lingers
 * until the broker hangs up; close() promises no open handles, so destroy it. The socket is
 * amqplib's private `connection.stream`, checked at run time.
 */
async function releaseSocket(model: ChannelModel): Promise<void> {
  const stream: unknown = (model.connection as unknown as { stream?: unknown }).stream;
  if (!(stream instanceof Socket) || stream.closed) return;
  const closed = once(stream, "close").then(
    () => undefined,
    () => undefined,
  );
  stream.destroy();
  await closed;
}

/** RabbitMQ's error text is exact but cryptic; say what to do about the common ones. */
function explain(message: string): string {
  if (message.includes("inequivalent arg")) {
    return `${message} (an exchange or queue exists with other settings than Celery 5.2 declares; compare them with rabbitmqctl list_exchanges name type durable auto_delete)`;
  }
  if (message.includes("ACCESS_REFUSED")) return `${message} (check the user, password and vhost in CELERY_BROKER_URL)`;
  return message;
}
