import type { Logger } from "pino";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
import type { BackoffOptions } from "./backoff";
import { AmqpEventSource } from "./amqp-event-source";
import { RedisEventSource } from "./redis-event-source";

/**
 * The broker seam of the ingest worker: one interface, one implementation per transport
 * (Redis pub/sub, AMQP queue), one contract suite (event-source.contract.int.test.ts) that
 * runs the same cases against both real brokers. Sources deliver raw bytes; decoding the
 * kombu envelope and the events is the pipeline's job, so both transports share it.
 *
 * Status semantics (the UI shows them as is, so `since` must mean "since when"):
 * - `connecting`   no connection yet since start(); `attempt`/`error` describe failed tries.
 * - `connected`    subscribed / consuming: events published from now on will arrive.
 * - `disconnected` a working connection was lost; retrying with backoff. `since` is when it
 *                  was lost and does not move with each retry; `attempt`/`error` do.
 * - `stopped`      after stop().
 */
export type SourceStatus = {
  state: "connecting" | "connected" | "disconnected" | "stopped";
  since: number;
  error?: string;
  attempt?: number;
};

export interface RawEventMessage {
  /** Redis: the whole kombu JSON envelope string as published; AMQP: the message body bytes */
  payload: Buffer;
  /** Redis: '/0.celeryev/task.multi' channel; AMQP: routing key */
  channel: string;
  routingKey: string;
  /** AMQP only: content-type / content-encoding from message properties (Redis has them inside the envelope) */
  contentType?: string;
  contentEncoding?: string;
  headers?: Record<string, unknown>;
  receivedAt: number; // Date.now()
  transport: "redis" | "amqp";
}

export interface EventSource {
  readonly transport: "redis" | "amqp";
  /**
   * Starts consuming; keeps reconnecting with exponential backoff (cap ~30 s, jitter) forever
   * until stop(); never throws after start resolves. Resolves once the first subscription is
   * in place or the first attempt has failed (the source then keeps retrying; watch
   * status()), so a broker that is down at boot does not block or crash the worker.
   * Rejects only when called twice or when local setup is impossible (e.g. unreadable TLS files).
   */
  start(onMessages: (batch: RawEventMessage[]) => void): Promise<void>;
  /**
   * Acknowledge everything delivered up to and including this message: called by the
   * pipeline AFTER the DB commit (AMQP: channel.ack(msg, allUpTo=true) on the channel that
   * delivered it; if that channel died the broker redelivers, fine; Redis: no-op).
   */
  ack(upTo: RawEventMessage): void;
  status(): SourceStatus;
  /** Listener is called on every change (state, attempt or error); returns an unsubscribe function. */
  onStatus(listener: (s: SourceStatus) => void): () => void;
  /** Idempotent. Resolves once every socket and timer of the source is gone. */
  stop(): Promise<void>;
}

export type AmqpSourceOptions = {
  /** Bloom's own durable queue; several Bloom instances sharing a name share the work */
  queueName?: string;
  /** x-max-length: the broker drops the oldest events beyond this while Bloom is behind */
  maxLength?: number;
  /** x-message-ttl in ms: events older than this are not worth ingesting late */
  messageTtlMs?: number;
  /** unacked deliveries in flight (basic.qos); bounds memory between delivery and DB commit */
  prefetch?: number;
  /** AMQP heartbeat in seconds; `?heartbeat=` in the URL wins */
  heartbeatSeconds?: number;
};

export type EventSourceOptions = {
  logger?: Logger;
  /** Celery's `event_exchange` setting */
  exchange?: string;
  /** flush a batch at this size even within one tick (default 1000) */
  maxBatchSize?: number;
  /** reconnect backoff; defaults to 250 ms doubling to a 30 s cap, 25 % jitter */
  backoff?: Partial<BackoffOptions>;
  /** connect timeout for one attempt, ms (default 10 s) */
  connectTimeoutMs?: number;
  /** Redis Sentinel master name when the URL has no `?master_name=` */
  sentinelMasterName?: string;
  amqp?: AmqpSourceOptions;
};

/**
 * Picks the implementation by URL scheme. Throws ConfigError naming CELERY_BROKER_URL for
 * an unknown scheme or a malformed URL (password masked).
 */
export function createEventSource(brokerUrl: string, opts: EventSourceOptions = {}): EventSource {
  const config = parseBrokerUrl(brokerUrl, opts.sentinelMasterName ? { sentinelMasterName: opts.sentinelMasterName } : {});
  return config.transport === "redis" ? new RedisEventSource(config, opts) : new AmqpEventSource(config, opts);
}
