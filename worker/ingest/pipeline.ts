import type { Logger } from "pino";
import { localUtcOffsetHours } from "@/lib/celery/utc-offset";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { DeadLetterRecord } from "@/lib/repositories/ingest-batch-writes";
import { createBackoff } from "../sources/backoff";
import type { EventSource, RawEventMessage } from "../sources/event-source";
import type { IngestedEvent } from "./batch-plan";
import { writeBatch } from "./batch-writer";
import { decodeMessages, type DecodeLimits } from "./decode-messages";
import type { HealthReporter } from "./health-reporter";
import { PendingBuffer } from "./pending-buffer";

export type PipelineOptions = DecodeLimits & {
  /** events per database transaction */
  maxBatchEvents: number;
  /** events held in memory while the database is slow or down */
  maxBufferedEvents: number;
  /** how long a lone event may wait for company before it is written */
  flushDelayMs: number;
};

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  maxBatchEvents: 5_000,
  maxBufferedEvents: 200_000,
  flushDelayMs: 25,
  maxMessageBytes: 4 * 1024 * 1024,
  maxDeadLetterBytes: 64 * 1024,
};

type Pending = { events: IngestedEvent[]; deadLetters: DeadLetterRecord[]; last: RawEventMessage; weight: number };

/**
 * Source → decode → bounded buffer → batched transactional writes → ack. Acks go to the
 * broker only after the commit, so an AMQP queue keeps whatever Bloom has not stored yet.
 * While the database is down, batches are retried with backoff and the buffer fills up to
 * its bound; beyond it (Redis pub/sub cannot pause) messages are counted as dropped.
 */
export class IngestPipeline {
  private readonly buffer: PendingBuffer<Pending>;
  private wake: (() => void) | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private dropped = 0;
  private readonly localUtcOffset = localUtcOffsetHours();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly source: EventSource,
    private readonly reporter: HealthReporter,
    private readonly log: Logger,
    private readonly options: PipelineOptions = DEFAULT_PIPELINE_OPTIONS,
  ) {
    this.buffer = new PendingBuffer(options.maxBufferedEvents);
  }

  /** Messages from the source: decoded at once (cheap), written by the loop. */
  accept = (messages: RawEventMessage[]): void => {
    const last = messages.at(-1);
    if (!last) return;
    const decoded = decodeMessages(messages, this.options);
    const weight = Math.max(1, decoded.events.length + decoded.deadLetters.length);
    if (!this.buffer.push({ ...decoded, last, weight })) {
      this.dropped += decoded.events.length;
      this.reporter.countDropped(decoded.events.length);
      if (this.dropped === decoded.events.length || this.dropped % 10_000 < decoded.events.length) {
        this.log.error({ dropped: this.dropped, buffered: this.buffer.weight }, "buffer full while the database is unavailable; dropping events");
      }
    }
    this.reporter.setBufferDepth(this.buffer.weight);
    this.wake?.();
  };

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking batches once the buffer is written (or the deadline passes). */
  async drainAndStop(deadlineMs = 10_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (this.buffer.size > 0 && Date.now() < deadline && this.reporter.isDatabaseUp()) {
      await sleep(20);
    }
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.buffer.size > 0) this.log.warn({ events: this.buffer.weight }, "stopped with events not written (they stay in an AMQP queue; on Redis they are lost)");
  }

  private async run(): Promise<void> {
    const backoff = createBackoff({ initialMs: 250, maxMs: 10_000 });
    while (this.running) {
      if (this.buffer.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        // Let a burst gather into one transaction instead of one per message.
        if (this.options.flushDelayMs > 0) await sleep(this.options.flushDelayMs);
        continue;
      }
      const items = this.buffer.peek(this.options.maxBatchEvents);
      const events = items.flatMap((item) => item.events);
      const deadLetters = items.flatMap((item) => item.deadLetters);
      try {
        const result = await writeBatch(this.prisma, events, deadLetters, this.localUtcOffset);
        const committedAt = Date.now();
        this.buffer.release(items.length);
        const last = items.at(-1);
        if (last) this.source.ack(last.last);
        this.reporter.markDatabaseUp();
        this.reporter.countEvents(events.length, committedAt, lagOf(events, committedAt));
        this.reporter.countDeadLetters(result.deadLetters);
        this.reporter.setBufferDepth(this.buffer.weight);
        backoff.reset();
      } catch (error) {
        const { attempt, delayMs: delay } = backoff.next();
        this.reporter.markDatabaseDown(describe(error));
        if (attempt === 1 || attempt % 10 === 0) this.log.warn({ err: describe(error), retryInMs: delay, buffered: this.buffer.weight }, "batch write failed; retrying");
        await sleep(delay);
      }
    }
  }
}

/** Worst end-to-end delay in the batch: event timestamp → commit, in ms. */
function lagOf(events: readonly IngestedEvent[], committedAt: number): number | undefined {
  let oldest = Infinity;
  for (const { event } of events) oldest = Math.min(oldest, event.timestamp * 1000);
  return Number.isFinite(oldest) ? Math.max(0, committedAt - oldest) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] ?? error.name : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
