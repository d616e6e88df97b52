import type { Logger } from "pino";
import type { RawEventMessage } from "./event-source";

/**
 * Groups the messages that arrive within one event-loop turn into one onMessages call, so
 * the pipeline commits one transaction per burst (a busy worker sends hundreds of events a
 * second) instead of one per event. A full batch is flushed at once to bound memory and
 * latency when a backlog (e.g. an AMQP queue after downtime) arrives faster than a tick.
 */
export class MessageBatcher {
  private buffer: RawEventMessage[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly deliver: (batch: RawEventMessage[]) => void,
    private readonly maxBatchSize: number,
    private readonly log: Logger,
  ) {}

  push(message: RawEventMessage): void {
    this.buffer.push(message);
    if (this.buffer.length >= this.maxBatchSize) this.flush();
    else this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Delivers what is pending now (stop() on Redis, where nothing would redeliver it). */
  flush(): void {
    this.cancelTimer();
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      this.deliver(batch);
    } catch (error) {
      // The pipeline owns its errors; a throw here must not unwind into the broker client.
      this.log.error({ err: error, size: batch.length }, "onMessages threw; batch dropped by the source");
    }
  }

  /** Forgets what is pending (AMQP: the broker redelivers unacked messages). */
  discard(): void {
    this.cancelTimer();
    this.buffer = [];
  }

  private cancelTimer(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }
}
