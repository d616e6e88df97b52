import crypto from "node:crypto";
import type { MonitorEvent } from "@/lib/services/monitor-feed";
import { touchesTasks, type ChangePayload } from "./change-payload";
import { formatEventId, parseEventId } from "./event-id";
import type { HealthSignal, StreamMessage, StreamTopic } from "./stream-protocol";

/** Where change notifications come from (Postgres LISTEN in production, a fake in tests). */
export type ChangeSource = {
  /** Resolves after the first attempt to listen, whether it worked or is being retried. */
  start(handlers: { onChange: (change: ChangePayload) => void; onReconnect: () => void }): Promise<void>;
  stop(): Promise<void>;
};

export type ChangeHubDeps = {
  source: ChangeSource;
  latestEventId: () => Promise<bigint>;
  eventsAfter: (afterId: bigint, limit: number) => Promise<{ events: MonitorEvent[]; truncated: boolean }>;
  readHealth: () => Promise<HealthSignal>;
  onError?: (what: string, error: unknown) => void;
  now?: () => number;
  bootId?: string;
  /** messages kept for Last-Event-ID replay */
  ringSize?: number;
  /** most task events per message; beyond it the oldest are skipped (a live view wants the present) */
  eventsLimit?: number;
  healthIntervalMs?: number;
  /** keep following task events this long after the last monitor left, so a reconnecting one misses nothing */
  eventsGraceMs?: number;
};

export type Delivery = { id: string; message: StreamMessage };
export type Deliver = (delivery: Delivery) => void;

type Buffered = { seq: number; topic: StreamTopic; message: StreamMessage };
type Subscriber = { topics: ReadonlySet<StreamTopic>; deliver: Deliver };

/**
 * One per web process: a single database listener fanned out to every open stream, with a
 * short replay buffer for reconnecting browsers. Task events for the monitor are read once
 * per notification here, not once per browser.
 */
export class ChangeHub {
  private readonly deps: Required<Omit<ChangeHubDeps, "onError">> & Pick<ChangeHubDeps, "onError">;
  private seq = 0;
  private readonly ring: Buffered[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private started: Promise<void> | null = null;
  private lastChangeAt: number | null = null;

  private eventsCursor: bigint | null = null;
  /** seq at which event tracking (re)started: a replay from before it would have a hole */
  private eventsSinceSeq = Number.POSITIVE_INFINITY;
  private eventsStarting: Promise<void> | null = null;
  private eventsIdleTimer: NodeJS.Timeout | null = null;
  private fetching = false;
  private fetchAgain = false;

  private healthTimer: NodeJS.Timeout | null = null;
  private lastHealth: string | null = null;

  constructor(deps: ChangeHubDeps) {
    this.deps = {
      now: Date.now,
      bootId: crypto.randomBytes(6).toString("base64url"),
      ringSize: 1_000,
      eventsLimit: 200,
      healthIntervalMs: 5_000,
      eventsGraceMs: 60_000,
      ...deps,
    };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Adds a stream. Replays what a reconnecting browser missed (or tells it to resync), then
   * sends `ready`; from then on every matching message is delivered. Returns the unsubscribe.
   */
  async subscribe(options: { topics: readonly StreamTopic[]; lastEventId: string | null; eventsAfterId?: bigint | null }, deliver: Deliver): Promise<() => void> {
    const topics = new Set<StreamTopic>(["changes", ...options.topics]);
    await this.ensureStarted();
    const last = parseEventId(options.lastEventId);
    let catchUp: { events: MonitorEvent[]; truncated: boolean } | null = null;
    let replayFrom = last?.seq ?? null;
    if (topics.has("events")) {
      await this.followEvents();
      // A monitor's first connection: the events logged between its server rendering and
      // now. What the hub publishes meanwhile is replayed from the buffer (the browser
      // drops duplicates by event id).
      if (options.eventsAfterId != null && last === null) {
        replayFrom = this.seq;
        catchUp = await this.deps.eventsAfter(options.eventsAfterId, this.deps.eventsLimit);
      }
    }

    // From here to the end nothing awaits: the replay and the live messages cannot overlap or leave a gap.
    const subscriber: Subscriber = { topics, deliver };
    this.subscribers.add(subscriber);
    if (catchUp && catchUp.events.length > 0) deliver({ id: this.id(replayFrom ?? this.seq), message: { event: "task-events", data: catchUp } });
    if (replayFrom !== null) {
      const boot = last?.boot ?? this.deps.bootId;
      if (this.canReplayFrom(boot, replayFrom, topics)) {
        for (const item of this.ring) if (item.seq > replayFrom && topics.has(item.topic)) deliver({ id: this.id(item.seq), message: item.message });
      } else {
        deliver({ id: this.id(this.seq), message: { event: "resync", data: { reason: "missed-messages" } } });
      }
    }
    const now = this.deps.now();
    deliver({ id: this.id(this.seq), message: { event: "ready", data: { topics: [...topics], lastChangeMsAgo: this.lastChangeAt === null ? null : Math.max(0, now - this.lastChangeAt) } } });
    this.startHealthWatch();

    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stopHealthWatch();
      if (topics.has("events") && ![...this.subscribers].some((s) => s.topics.has("events"))) this.scheduleEventsIdle();
    };
  }

  async close(): Promise<void> {
    this.stopHealthWatch();
    if (this.eventsIdleTimer) clearTimeout(this.eventsIdleTimer);
    this.subscribers.clear();
    if (this.started) await this.deps.source.stop();
    this.started = null;
  }

  private id(seq: number): string {
    return formatEventId({ boot: this.deps.bootId, seq });
  }

  private canReplayFrom(boot: string, seq: number, topics: ReadonlySet<StreamTopic>): boolean {
    if (boot !== this.deps.bootId || seq > this.seq) return false;
    const oldest = this.ring[0]?.seq ?? this.seq + 1;
    if (seq < oldest - 1) return false;
    return !(topics.has("events") && seq < this.eventsSinceSeq);
  }

  private publish(topic: StreamTopic, message: StreamMessage): void {
    this.seq += 1;
    this.ring.push({ seq: this.seq, topic, message });
    if (this.ring.length > this.deps.ringSize) this.ring.shift();
    const id = this.id(this.seq);
    for (const subscriber of this.subscribers) {
      if (!subscriber.topics.has(topic)) continue;
      try {
        subscriber.deliver({ id, message });
      } catch (error) {
        this.deps.onError?.("delivering a stream message", error);
      }
    }
  }

  private ensureStarted(): Promise<void> {
    this.started ??= this.deps.source.start({
      onChange: (change) => this.onChange(change),
      onReconnect: () => {
        // Notifications sent while the listener was away are lost; the rows are not.
        this.publish("changes", { event: "resync", data: { reason: "listener-reconnected" } });
        this.fetchEvents();
      },
    });
    return this.started;
  }

  private onChange(change: ChangePayload): void {
    this.lastChangeAt = this.deps.now();
    this.publish("changes", { event: "changes", data: change });
    if (touchesTasks(change)) this.fetchEvents();
  }

  private async followEvents(): Promise<void> {
    if (this.eventsIdleTimer) {
      clearTimeout(this.eventsIdleTimer);
      this.eventsIdleTimer = null;
    }
    if (this.eventsCursor !== null) return;
    this.eventsStarting ??= (async () => {
      try {
        this.eventsCursor = await this.deps.latestEventId();
        this.eventsSinceSeq = this.seq;
      } finally {
        this.eventsStarting = null;
      }
    })();
    await this.eventsStarting;
    // A notification that arrived while the cursor was being read found nothing to fetch from.
    this.fetchEvents();
  }

  private scheduleEventsIdle(): void {
    if (this.eventsIdleTimer) clearTimeout(this.eventsIdleTimer);
    this.eventsIdleTimer = setTimeout(() => {
      this.eventsIdleTimer = null;
      this.eventsCursor = null;
      this.eventsSinceSeq = Number.POSITIVE_INFINITY;
    }, this.deps.eventsGraceMs);
    this.eventsIdleTimer.unref?.();
  }

  /** Reads new task events; concurrent requests coalesce into one more read after the current one. */
  private fetchEvents(): void {
    if (this.eventsCursor === null) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    void (async () => {
      try {
        do {
          this.fetchAgain = false;
          const cursor = this.eventsCursor;
          if (cursor === null) break;
          const { events, truncated } = await this.deps.eventsAfter(cursor, this.deps.eventsLimit);
          const newest = events.at(-1);
          if (!newest || this.eventsCursor === null) continue;
          this.eventsCursor = BigInt(newest.id);
          this.publish("events", { event: "task-events", data: { events, truncated } });
        } while (this.fetchAgain);
      } catch (error) {
        // The next notification retries from the same cursor: nothing is lost, only late.
        this.deps.onError?.("reading new task events", error);
      } finally {
        this.fetching = false;
      }
    })();
  }

  private startHealthWatch(): void {
    if (this.healthTimer) return;
    this.healthTimer = setInterval(() => void this.checkHealth(), this.deps.healthIntervalMs);
    this.healthTimer.unref?.();
    void this.checkHealth();
  }

  private stopHealthWatch(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = null;
    this.lastHealth = null;
  }

  /** The broker and ingest states change without any NOTIFY (the ingest writes them every second), so they are watched here. */
  private async checkHealth(): Promise<void> {
    try {
      const health = await this.deps.readHealth();
      const key = JSON.stringify(health);
      const previous = this.lastHealth;
      this.lastHealth = key;
      if (previous !== null && previous !== key && this.healthTimer) this.publish("changes", { event: "health", data: health });
    } catch (error) {
      this.deps.onError?.("reading system health", error);
    }
  }
}
