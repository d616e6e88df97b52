import type { Logger } from "pino";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
import type { ExpectedReplies, Matcher } from "@/lib/celery/control-messages";
import type { JsonObject } from "@/lib/celery/json-value";
import type { TaskMessage } from "@/lib/celery/task-message";
import { AmqpControlChannel } from "./amqp-control-channel";
import { RedisControlChannel } from "./redis-control-channel";

/**
 * The broker seam for Celery remote control (pidbox broadcast + replies) and for sending task
 * messages: one interface, a Redis and an AMQP implementation, one contract suite
 * (control-channel.contract.int.test.ts) run against real brokers and real Celery workers.
 * The message bytes come from lib/celery (control-messages.ts, task-message.ts); adapters
 * only declare, publish, collect and clean up.
 *
 * Connections are opened on first use and reopened on the next call after a loss, so a
 * broker that is down makes calls fail fast with `broker_unavailable` instead of hanging.
 */

export type BroadcastOptions = {
  /** worker hostnames (e.g. "w1@host"); omitted = every worker. An empty list is refused. */
  destination?: readonly string[];
  /** select workers by hostname instead, with kombu's matcher ("glob" or "pcre") */
  pattern?: string;
  matcher?: Matcher;
  /** how long to collect replies; 1..300000 ms */
  timeoutMs: number;
  /**
   * End the wait as soon as these workers (or this many distinct workers) replied. Defaults to
   * the destination when one is given (kombu's reply limit); without either, the full timeout
   * is waited, as in Celery, because nobody knows how many workers exist. 0 or [] sends the
   * command without asking for replies at all (kombu's cast, e.g. for shutdown).
   */
  expectedReplies?: ExpectedReplies;
};

export type BroadcastResult = {
  /** hostname → the worker's reply; a failed command's reply is `{"error": "..."}`, kept as is */
  replies: Record<string, unknown>;
  /**
   * The deadline passed before every expected reply arrived. Always false when nothing was
   * expected: then waiting out the timeout is the normal end, not a failure.
   */
  timedOut: boolean;
  /** from the call to the result, connection set-up included */
  elapsedMs: number;
};

export type SendTaskOptions = {
  /** the queue's name; sent to the default exchange with it as routing key, as Celery does */
  queue: string;
  /**
   * 0..255 (Redis uses 0..9). On Redis 0 is served first and 9 last; on RabbitMQ the highest
   * number wins and only in queues declared with x-max-priority. Default 0.
   */
  priority?: number;
};

export interface ControlChannel {
  readonly transport: "redis" | "amqp";
  /** Sends one command to the selected workers and collects their replies (never rejects because of a worker's error reply). */
  broadcast(method: string, args: JsonObject, options: BroadcastOptions): Promise<BroadcastResult>;
  /**
   * Resolves once the broker has the message (Redis: LPUSH done; RabbitMQ: publisher confirm).
   * celery: no `task-sent` event is published (Celery does with task_send_sent_event); the
   * caller knows what it sent, and the worker's task-received follows.
   */
  sendTask(message: TaskMessage, options: SendTaskOptions): Promise<void>;
  /** Idempotent. Pending broadcasts reject with `closed`; resolves once every socket and timer is gone. */
  close(): Promise<void>;
}

export type ControlChannelOptions = {
  logger?: Logger;
  /** Celery's `control_exchange` setting (default "celery") */
  controlExchange?: string;
  /** connect timeout per attempt, ms (default 10 s) */
  connectTimeoutMs?: number;
  /** Redis Sentinel master name when the URL has no `?master_name=` */
  sentinelMasterName?: string;
  /** the workers' `broker_transport_options['priority_steps']` on Redis (default [0, 3, 6, 9]) */
  redisPrioritySteps?: readonly number[];
  /** AMQP heartbeat in seconds; `?heartbeat=` in the URL wins (default 30) */
  amqpHeartbeatSeconds?: number;
  /** task `origin` header when a message has none (default `bloom<pid>@<host>`) */
  origin?: string;
};

export { ControlError, type ControlErrorCode } from "./control-error";
export { MAX_BROADCAST_TIMEOUT_MS, defaultOrigin } from "./broadcast-plan";

/**
 * Picks the implementation by URL scheme. Throws ConfigError naming CELERY_BROKER_URL for an
 * unknown scheme or a malformed URL (password masked). Connects lazily.
 */
export function createControlChannel(brokerUrl: string, options: ControlChannelOptions = {}): ControlChannel {
  const config = parseBrokerUrl(brokerUrl, options.sentinelMasterName ? { sentinelMasterName: options.sentinelMasterName } : {});
  return config.transport === "redis" ? new RedisControlChannel(config, options) : new AmqpControlChannel(config, options);
}
