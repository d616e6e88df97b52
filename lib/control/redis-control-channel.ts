import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { RedisBrokerConfig } from "@/lib/celery/broker-url";
import {
  DEFAULT_CONTROL_EXCHANGE,
  LamportClock,
  broadcastHeaders,
  parseRedisPidboxReply,
  pidboxNames,
  queueNameSchema,
  redisAllPriorityLists,
  redisBindingKey,
  redisBindingMember,
  redisBroadcastEnvelope,
  redisFanoutChannel,
  replyQueueName,
  type PidboxNames,
} from "@/lib/celery/control-messages";
import type { JsonObject } from "@/lib/celery/json-value";
import {
  DEFAULT_PRIORITY_STEPS,
  prioritySchema,
  redisPriorityList,
  redisTaskEnvelope,
  withDefaultOrigin,
  type TaskMessage,
} from "@/lib/celery/task-message";
import { silentLogger } from "@/lib/broker/silent-logger";
import { defaultOrigin, planBroadcast } from "./broadcast-plan";
import type { BroadcastOptions, BroadcastResult, ControlChannel, ControlChannelOptions, SendTaskOptions } from "./control-channel";
import { ControlError, toControlError } from "./control-error";
import { PendingBroadcasts } from "./pending-broadcasts";
import { closeRedis, isUsable, openRedis, redisOptions } from "./redis-connection";

/** How long one BRPOP blocks; also how long the reader lingers after the last broadcast ended. */
const READ_BLOCK_SECONDS = 1;
/** Pause before the reader reconnects after losing its connection mid-broadcast. */
const READ_RETRY_MS = 100;
const COMMAND_TIMEOUT_MS = 5_000;

/**
 * Celery remote control on Redis, the way kombu's virtual transport does it:
 *
 * - requests: PUBLISH on `/{db}.celery.pidbox` (fanout exchange = pub/sub channel);
 * - replies: the worker looks up the reply exchange's routing table, SET
 *   `_kombu.binding.reply.celery.pidbox`, and LPUSHes to the list of the queue bound to the
 *   request's routing key. So before publishing, the client SADDs
 *   `<key>\x06\x16\x06\x16<key>.reply.celery.pidbox` and then BRPOPs that list (and its
 *   priority sub-lists, which a differently configured kombu could use).
 *
 * One reply list per channel, like kombu's one per Mailbox: a reply that arrives after its
 * broadcast ended just waits in the list until the reader drops it, and close() removes the
 * binding and the lists. BRPOP blocks its connection, so replies are read on a second one.
 */
export class RedisControlChannel implements ControlChannel {
  readonly transport = "redis" as const;
  private readonly log: Logger;
  private readonly names: PidboxNames;
  private readonly channelName: string;
  private readonly replyRoutingKey = randomUUID();
  private readonly replyQueue: string;
  private readonly replyLists: string[];
  private readonly prioritySteps: readonly number[];
  private readonly origin: string;
  private readonly pending = new PendingBroadcasts();
  private readonly clock = new LamportClock();
  private command: Redis | undefined;
  private commandOpening: Promise<Redis> | undefined;
  private reader: Redis | undefined;
  private readerLoop: Promise<void> | undefined;
  /** set once a request went out with our binding, so close() knows there is something to clean */
  private bound = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly config: RedisBrokerConfig,
    private readonly options: ControlChannelOptions = {},
  ) {
    this.log = options.logger ?? silentLogger();
    const controlExchange = options.controlExchange ?? DEFAULT_CONTROL_EXCHANGE;
    this.names = pidboxNames(controlExchange);
    this.channelName = redisFanoutChannel(config.db, this.names.exchange);
    this.replyQueue = replyQueueName(this.replyRoutingKey, controlExchange);
    this.replyLists = redisAllPriorityLists(this.replyQueue);
    this.prioritySteps = options.redisPrioritySteps ?? DEFAULT_PRIORITY_STEPS;
    this.origin = options.origin ?? defaultOrigin();
    // Fail at construction, not at the first send, when the steps are malformed.
    redisPriorityList("q", 0, this.prioritySteps);
  }

  async broadcast(method: string, args: JsonObject, options: BroadcastOptions): Promise<BroadcastResult> {
    const startedAt = performance.now();
    this.assertOpen();
    const plan = planBroadcast(method, args, options, { exchange: this.names.replyExchange, routingKey: this.replyRoutingKey });
    const client = await this.commandClient();
    const envelope = () =>
      redisBroadcastEnvelope({
        request: plan.request,
        headers: broadcastHeaders(this.clock.forward(), plan.timeoutMs, Date.now()),
        exchange: this.names.exchange,
        deliveryTag: randomUUID(),
      });

    if (plan.ticket === undefined) {
      await this.run(() => client.publish(this.channelName, envelope()), "PUBLISH");
      return { replies: {}, timedOut: false, elapsedMs: performance.now() - startedAt };
    }

    // Bound before publishing: a worker that finds no route drops its reply silently.
    await this.run(() => client.sadd(redisBindingKey(this.names.replyExchange), redisBindingMember(this.replyRoutingKey, this.replyQueue)), "SADD");
    this.bound = true;
    // close() may have begun while we waited; what begins after its failAll() must not hang.
    this.assertOpen();
    const result = this.pending.begin(plan.ticket, plan.expected, plan.timeoutMs, startedAt);
    try {
      const receivers = await this.run(() => client.publish(this.channelName, envelope()), "PUBLISH");
      this.log.debug({ method, receivers }, "pidbox request published");
    } catch (error) {
      this.pending.fail(plan.ticket, toControlError(error, "broker_unavailable", "PUBLISH"));
    }
    this.startReader();
    return result;
  }

  async sendTask(message: TaskMessage, options: SendTaskOptions): Promise<void> {
    this.assertOpen();
    const queue = queueNameSchema.safeParse(options.queue);
    if (!queue.success) throw new ControlError("invalid_argument", queue.error.issues[0]?.message ?? "invalid queue", "queue");
    const priority = prioritySchema.safeParse(options.priority ?? 0);
    if (!priority.success) throw new ControlError("invalid_argument", priority.error.issues[0]?.message ?? "invalid priority", "priority");

    const envelope = redisTaskEnvelope(withDefaultOrigin(message, this.origin), {
      queue: queue.data,
      priority: priority.data,
      deliveryTag: randomUUID(),
    });
    const client = await this.commandClient();
    // As kombu: declare (bind) the queue like Celery's automatic queue, then push to the list
    // of the priority's step; MULTI keeps a binding without its message from being half-done.
    const results = await this.run(
      () =>
        client
          .multi()
          .sadd(redisBindingKey(queue.data), redisBindingMember(queue.data, queue.data))
          .lpush(redisPriorityList(queue.data, priority.data, this.prioritySteps), envelope)
          .exec(),
      "LPUSH",
      "publish_failed",
    );
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw new ControlError("publish_failed", `task not queued: ${failed?.[0]?.message ?? "transaction aborted"}`);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.pending.failAll(new ControlError("closed", "the control channel was closed"));
    const reader = this.reader;
    this.reader = undefined;
    if (reader) await closeRedis(reader); // ends a blocked BRPOP at once
    await this.readerLoop;
    const command = await this.commandOpening?.catch(() => undefined);
    const client = command ?? this.command;
    this.command = undefined;
    if (client && isUsable(client) && this.bound) {
      try {
        // As kombu's after_reply_message_received: unbind first, so no worker pushes again.
        await client.srem(redisBindingKey(this.names.replyExchange), redisBindingMember(this.replyRoutingKey, this.replyQueue));
        await client.del(...this.replyLists);
      } catch (error) {
        this.log.debug({ err: error }, "could not remove the reply binding");
      }
    }
    if (client) await closeRedis(client);
  }

  private assertOpen(): void {
    if (this.closing) throw new ControlError("closed", "the control channel was closed");
  }

  /** Runs one command; a broken connection is dropped so the next call opens a fresh one. */
  private async run<T>(command: () => Promise<T>, what: string, code: "broker_unavailable" | "publish_failed" = "broker_unavailable"): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (!isUsable(this.command)) this.command = undefined;
      throw toControlError(error, code, `Redis ${what} failed`);
    }
  }

  private commandClient(): Promise<Redis> {
    if (isUsable(this.command)) return Promise.resolve(this.command);
    this.commandOpening ??= this.open("bloom-control", COMMAND_TIMEOUT_MS)
      .then((client) => {
        this.command = client;
        return client;
      })
      .finally(() => {
        this.commandOpening = undefined;
      });
    return this.commandOpening;
  }

  private async open(connectionName: string, commandTimeoutMs?: number): Promise<Redis> {
    const options = redisOptions(this.config, {
      connectionName,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
      ...(commandTimeoutMs === undefined ? {} : { commandTimeoutMs }),
    });
    try {
      const client = await openRedis(options, (error) => this.log.debug({ err: error }, `${connectionName} connection error`));
      if (this.closing) {
        await closeRedis(client);
        throw new ControlError("closed", "the control channel was closed");
      }
      return client;
    } catch (error) {
      throw toControlError(error, "broker_unavailable", "cannot connect to Redis");
    }
  }

  private startReader(): void {
    if (this.readerLoop || this.closing) return;
    this.readerLoop = this.readReplies().finally(() => {
      this.readerLoop = undefined;
      // A broadcast that began while the loop was winding down still needs a reader.
      if (this.pending.size > 0) this.startReader();
    });
  }

  /** Reads while anybody waits; broadcasts end by their own timers, so errors only mean "retry". */
  private async readReplies(): Promise<void> {
    while (this.pending.size > 0 && !this.closing) {
      try {
        if (!isUsable(this.reader)) {
          const previous = this.reader;
          this.reader = undefined;
          if (previous) await closeRedis(previous);
          this.reader = await this.open("bloom-control-replies");
        }
        const popped = await this.reader.brpopBuffer(...this.replyLists, READ_BLOCK_SECONDS);
        if (popped) this.receive(popped[1]);
      } catch (error) {
        if (this.closing) return;
        this.log.debug({ err: error }, "reading pidbox replies failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
      }
    }
  }

  private receive(raw: Buffer): void {
    const parsed = parseRedisPidboxReply(raw);
    if (!parsed.ok) {
      this.log.warn({ reason: parsed.reason, detail: parsed.detail }, "dropped an unreadable pidbox reply");
      return;
    }
    if (parsed.reply.clock !== undefined) this.clock.adjust(parsed.reply.clock);
    // celery: kombu treats a reply without ticket as its own; one list serving several
    // broadcasts cannot, and every kombu since 2.5 sends the ticket anyway.
    if (!this.pending.deliver(parsed.reply)) this.log.debug({ ticket: parsed.reply.ticket }, "dropped a late pidbox reply");
  }
}
