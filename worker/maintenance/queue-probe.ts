import type { QueueSampleRecord } from "@/lib/repositories/queue-samples";
import type { KnownQueues } from "./known-queues";

/**
 * The broker seam of the queue sampler: one implementation per transport. A probe keeps
 * its own connection between samples (reconnecting on the next sample after a failure) and
 * throws when the broker cannot be asked at all, so that sample is skipped, not stored as 0.
 */
export interface QueueProbe {
  readonly transport: "redis" | "amqp";
  /** Depths of the known queues (and, on Redis, of the queues bound to the known exchanges). */
  sample(known: KnownQueues): Promise<QueueSampleRecord[]>;
  /** Idempotent; resolves once the connection is closed. */
  close(): Promise<void>;
}
