import type { Logger } from "pino";
import { localUtcOffsetHours } from "@/lib/celery/utc-offset";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { DeadLetterRecord } from "@/lib/repositories/ingest-batch-writes";
import { createBackoff } from "../sources/backoff";
import type { EventSource, RawEventMessage } from "../sources/event-source";
import type { IngestedEvent } from "./batch-plan";
import { commitBatch, prepareBatch, writeBatch, type BatchResult, type PreparedBatch } from "./batch-writer";
import { decodeMessages, type DecodeLimits } from "./decode-messages";
import type { HealthReporter } from "./health-reporter";
import { exposedGc, IdleCollector } from "./idle-collector";
import { PendingBuffer } from "./pending-buffer";

export type PipelineOptions = DecodeLimits & {
  /** events per database transaction */
  maxBatchEvents: number;
  /** events held in memory while the database is slow or down */
  maxBufferedEvents: number;
  /** and at most this many bytes of the messages they came in (decoded, they take ≈ 2–3×) */
  maxBufferedBytes: number;
  /** how long a lone event may wait for company before it is written */
  flushDelayMs: number;
};

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  maxBatchEvents: 2_000,
  maxBufferedEvents: 200_000,
  maxBufferedBytes: 96 * 1024 * 1024,
  flushDelayMs: 25,
  maxMessageBytes: 4 * 1024 * 1024,
  maxDeadLetterBytes: 64 * 1024,
};

type Pending = { events: IngestedEvent[]; deadLetters: DeadLetterRecord[]; last: RawEventMessage; weight: number; bytes: number };

type Backoff = ReturnType<typeof createBackoff>;

/** A batch whose transaction is running while the next one is being prepared. */
type InFlight = {
  items: Pending[];
  batch: PreparedBatch;
  eventCount: number;
  /** ms since epoch of its oldest event, for the lag */
  oldestEventAt: number | undefined;
  outcome: Promise<{ ok: true; result: BatchResult; committedAt: number } | { ok: false; error: unknown }>;
};

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
  private readonly idleCollector = new IdleCollector(exposedGc());

  constructor(
    private readonly prisma: PrismaClient,
    private readonly source: EventSource,
    private readonly reporter: HealthReporter,
    private readonly log: Logger,
    private readonly options: PipelineOptions = DEFAULT_PIPELINE_OPTIONS,
  ) {
    this.buffer = new PendingBuffer(options.maxBufferedEvents, options.maxBufferedBytes);
  }

  /** Messages from the source: decoded at once (cheap), written by the loop. */
  accept = (messages: RawEventMessage[]): void => {
    const last = messages.at(-1);
    if (!last) return;
    const decoded = decodeMessages(messages, this.options);
    const weight = Math.max(1, decoded.events.length + decoded.deadLetters.length);
    let bytes = 0;
    for (const message of messages) bytes += message.payload.length;
    // AMQP deliveries are never dropped: an ack covers every earlier delivery, so a dropped
    // one would be acked unwritten. The broker bounds them instead (prefetch: at most that
    // many unacked messages are ever here), so they may go past the buffer's own bound.
    const keep = last.transport === "amqp";
    if (!this.buffer.push({ ...decoded, last, weight, bytes }, keep)) {
      this.dropped += decoded.events.length;
      this.reporter.countDropped(decoded.events.length);
      if (this.dropped === decoded.events.length || this.dropped % 10_000 < decoded.events.length) {
        this.log.error({ dropped: this.dropped, buffered: this.buffer.weight, bufferedBytes: this.buffer.bytes }, "buffer full while the database is unavailable; dropping events");
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

  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.prisma.$queryRawUnsafe("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  /** Writes the items' events one by one; an event the database refuses becomes a dead letter. */
  private async writeIsolated(items: Pending[]): Promise<void> {
    let stored = 0;
    const unstorable: DeadLetterRecord[] = [];
    for (const item of items) {
      for (const ingested of item.events) {
        try {
          await writeBatch(this.prisma, [ingested], [], this.localUtcOffset);
          stored++;
        } catch (error) {
          const raw = Buffer.from(JSON.stringify(ingested.event));
          unstorable.push({ transport: item.last.transport, channel: item.last.channel, reason: "unstorable", detail: describe(error).slice(0, 2_000), raw: raw.subarray(0, this.options.maxDeadLetterBytes), size: raw.length });
        }
      }
      for (const letter of item.deadLetters) {
        try {
          await writeBatch(this.prisma, [], [letter], this.localUtcOffset);
        } catch (error) {
          this.log.error({ err: describe(error), reason: letter.reason }, "could not store a dead letter; counted only");
        }
      }
    }
    if (unstorable.length > 0) await writeBatch(this.prisma, [], unstorable, this.localUtcOffset).catch(() => undefined);
    this.buffer.release(items.length);
    const last = items.at(-1);
    if (last) this.source.ack(last.last);
    this.reporter.countEvents(stored, Date.now());
    this.reporter.countDeadLetters(unstorable.length + items.reduce((sum, item) => sum + item.deadLetters.length, 0));
    this.reporter.setBufferDepth(this.buffer.weight);
  }

  /**
   * Two stages overlap: while batch N's transaction runs in Postgres, batch N+1 is read,
   * merged and planned here (on top of N's rows, which are newer than the stored ones), so
   * neither the database nor this process waits for the other. Only one transaction is ever
   * open, so commits stay in order; if N fails, N+1's preparation is dropped and N retried.
   */
  private async run(): Promise<void> {
    const backoff = createBackoff({ initialMs: 250, maxMs: 10_000 });
    let inFlight: InFlight | undefined;
    while (this.running || inFlight) {
      const items = this.running ? this.buffer.peek(this.options.maxBatchEvents, inFlight?.items.length ?? 0) : [];
      if (items.length === 0) {
        if (inFlight) {
          await this.settle(inFlight, backoff);
          inFlight = undefined;
          continue;
        }
        this.idleCollector.onIdle();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        // Let a burst gather into one transaction instead of one per message.
        if (this.options.flushDelayMs > 0) await sleep(this.options.flushDelayMs);
        continue;
      }
      const events = items.flatMap((item) => item.events);
      let prepared: PreparedBatch | undefined;
      let prepareError: unknown;
      try {
        prepared = await prepareBatch(this.prisma, events, items.flatMap((item) => item.deadLetters), this.localUtcOffset, inFlight?.batch);
      } catch (error) {
        prepareError = error;
      }
      if (inFlight) {
        const committed = await this.settle(inFlight, backoff);
        inFlight = undefined;
        // This preparation was built on the failed batch's rows: drop it, that batch goes first.
        if (!committed) continue;
      }
      if (!prepared) {
        await this.recover(prepareError, items, backoff);
        continue;
      }
      inFlight = this.startCommit(items, prepared, events);
    }
  }

  private startCommit(items: Pending[], batch: PreparedBatch, events: readonly IngestedEvent[]): InFlight {
    const outcome = commitBatch(this.prisma, batch).then(
      (result) => ({ ok: true as const, result, committedAt: Date.now() }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    return { items, batch, eventCount: events.length, oldestEventAt: oldestEventAt(events), outcome };
  }

  /** Waits for a batch's commit: releases and acks its items, or recovers. True when it committed. */
  private async settle(inFlight: InFlight, backoff: Backoff): Promise<boolean> {
    const outcome = await inFlight.outcome;
    if (!outcome.ok) {
      await this.recover(outcome.error, inFlight.items, backoff);
      return false;
    }
    const { result, committedAt } = outcome;
    this.buffer.release(inFlight.items.length);
    const last = inFlight.items.at(-1);
    if (last) this.source.ack(last.last);
    this.reporter.markDatabaseUp();
    this.idleCollector.noteWritten(inFlight.eventCount);
    this.reporter.countEvents(inFlight.eventCount, committedAt, inFlight.oldestEventAt === undefined ? undefined : Math.max(0, committedAt - inFlight.oldestEventAt));
    this.reporter.countDeadLetters(result.deadLetters);
    this.reporter.setBufferDepth(this.buffer.weight);
    backoff.reset();
    return true;
  }

  /** `items` (the oldest in the buffer) could not be written. */
  private async recover(error: unknown, items: Pending[], backoff: Backoff): Promise<void> {
    if (await this.databaseAnswers()) {
      // The database is fine, so something in this batch cannot be stored: find it,
      // dead-letter it, and write the rest rather than retrying the same batch forever.
      this.log.error({ err: describe(error) }, "batch rejected by the database; isolating the bad events");
      await this.writeIsolated(items);
      return;
    }
    const { attempt, delayMs: delay } = backoff.next();
    this.reporter.markDatabaseDown(describe(error));
    if (attempt === 1 || attempt % 10 === 0) this.log.warn({ err: describe(error), retryInMs: delay, buffered: this.buffer.weight }, "batch write failed; retrying");
    await sleep(delay);
  }
}

/** When the batch's oldest event happened (ms since epoch): the worst end-to-end delay is measured from it. */
function oldestEventAt(events: readonly IngestedEvent[]): number | undefined {
  let oldest = Infinity;
  for (const { event } of events) oldest = Math.min(oldest, event.timestamp * 1000);
  return Number.isFinite(oldest) ? oldest : undefined;
}

/** Prisma's messages start with blank lines and the call site; the cause is further down. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message.split("\n").map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => line.includes("Message:")) ?? lines.at(-1) ?? error.name;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
