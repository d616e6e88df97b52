import type { MonitorEvent } from "@/lib/services/monitor-feed";
import { parseChangePayload, touchesTasks, type ChangeNotice, type ChangePayload } from "./change-payload";
import { formatEventId, parseEventId, type StreamPosition } from "./event-id";
import { canReplayChangesAfter, isKnownEventCursor } from "./replay-plan";
import type { HealthSignal, StreamMessage, StreamTopic } from "./stream-protocol";

/** Where change notifications come from (Postgres LISTEN in production, a fake in tests). */
export type ChangeSource = {
  /** Resolves after the first attempt to listen, whether it worked or is being retried. */
  start(handlers: { onChange: (notice: ChangeNotice) => void; onReconnect: () => void }): Promise<void>;
  stop(): Promise<void>;
};

/** change_log as the hub reads it (lib/repositories/change-log.ts). */
export type ChangeLogReader = {
  range(): Promise<{ oldest: number; newest: number } | null>;
  after(seq: number, limit: number): Promise<{ seq: number; payload: string }[]>;
};

export type ChangeHubDeps = {
  source: ChangeSource;
  changeLog: ChangeLogReader;
  latestEventId: () => Promise<bigint>;
  eventsAfter: (afterId: bigint, limit: number) => Promise<{ events: MonitorEvent[]; truncated: boolean }>;
  readHealth: () => Promise<HealthSignal>;
  onError?: (what: string, error: unknown) => void;
  now?: () => number;
  /** changes a reconnecting stream gets one by one; beyond it, one "many" change says the same in one message */
  replayLimit?: number;
  /** most task events per message; beyond it the oldest are skipped (a live view wants the present) */
  eventsLimit?: number;
  healthIntervalMs?: number;
};

export type Delivery = { id: string; message: StreamMessage };
export type Deliver = (delivery: Delivery) => void;

/** What the hub hands its streams; each stream turns it into a message at its own position. */
type Published =
  | { kind: "change"; seq: number | null; change: ChangePayload }
  | { kind: "events"; events: MonitorEvent[]; truncated: boolean }
  /** health and listener resyncs: news for whoever is connected now, not part of the replayable history */
  | { kind: "signal"; message: StreamMessage };

type Subscriber = {
  topics: ReadonlySet<StreamTopic>;
  deliver: Deliver;
  /** what this stream has been sent so far; its messages' ids */
  position: StreamPosition;
  /** while the stream is being caught up: what was published meanwhile, delivered after the catch-up */
  pending: Published[] | null;
};

export type SubscribeOptions = {
  topics: readonly StreamTopic[];
  /** the browser's Last-Event-ID: where to resume */
  lastEventId: string | null;
  /** a monitor's first connection: the newest task event its page was rendered with */
  eventsAfterId?: bigint | null;
};

const COLLAPSED: Omit<ChangePayload, "at"> = { tasks: "many", workers: "many" };

/**
 * One per web process: a single database listener fanned out to every open stream. Each
 * stream's message ids are its position in two sequences every replica shares — change_log's
 * seq and task_events' id — so a browser that reconnects to any replica with Last-Event-ID
 * is replayed exactly what it missed from the database, and told to resync only when that
 * is no longer kept. Task events for the monitor are read once per notification here, not
 * once per browser.
 */
export class ChangeHub {
  private readonly deps: Required<Omit<ChangeHubDeps, "onError">> & Pick<ChangeHubDeps, "onError">;
  private readonly subscribers = new Set<Subscriber>();
  private started: Promise<void> | null = null;
  private lastChangeAt: number | null = null;
  /** the newest change seq this process knows of: where a stream without history starts */
  private head = 0;

  private eventsCursor: bigint | null = null;
  private eventsStarting: Promise<void> | null = null;
  private fetching = false;
  private fetchAgain = false;

  private healthTimer: NodeJS.Timeout | null = null;
  private lastHealth: string | null = null;

  constructor(deps: ChangeHubDeps) {
    this.deps = { now: Date.now, replayLimit: 200, eventsLimit: 200, healthIntervalMs: 5_000, ...deps };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Adds a stream: replays what a reconnecting browser missed (or tells it to resync), then
   * sends `ready`; from then on every matching message is delivered. Returns the unsubscribe.
   */
  async subscribe(options: SubscribeOptions, deliver: Deliver): Promise<() => void> {
    const topics = new Set<StreamTopic>(["changes", ...options.topics]);
    await this.ensureStarted();
    // Registered before anything is read, so whatever is published while the catch-up reads
    // the database waits in `pending`: between the two, nothing can fall through a gap.
    const subscriber: Subscriber = { topics, deliver, position: { change: this.head, event: null }, pending: [] };
    this.subscribers.add(subscriber);
    let catchUp: Delivery[];
    try {
      if (topics.has("events")) await this.followEvents();
      catchUp = await this.catchUp(subscriber, options);
    } catch (error) {
      this.remove(subscriber);
      throw error;
    }

    // From here to the end nothing awaits: the catch-up, what was published meanwhile and
    // the live messages follow each other in order, duplicates dropped by position.
    const pending = subscriber.pending ?? [];
    subscriber.pending = null;
    for (const delivery of catchUp) this.send(subscriber, delivery);
    for (const item of pending) this.offer(subscriber, item);
    const now = this.deps.now();
    this.send(subscriber, { id: formatEventId(subscriber.position), message: { event: "ready", data: { topics: [...topics], lastChangeMsAgo: this.lastChangeAt === null ? null : Math.max(0, now - this.lastChangeAt) } } });
    this.startHealthWatch();

    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.remove(subscriber);
    };
  }

  async close(): Promise<void> {
    this.stopHealthWatch();
    this.subscribers.clear();
    if (this.started) await this.deps.source.stop();
    this.started = null;
  }

  /** Sets the stream's starting position and returns what it missed (ids as of each message). */
  private async catchUp(subscriber: Subscriber, options: SubscribeOptions): Promise<Delivery[]> {
    const out: Delivery[] = [];
    const position = subscriber.position;
    const push = (message: StreamMessage) => out.push({ id: formatEventId(position), message });
    const resume = parseEventId(options.lastEventId);
    // An id this server cannot read (an older Bloom's, or garbage) still says the browser was here before.
    let missed = options.lastEventId !== null && options.lastEventId.trim() !== "" && resume === null;

    let eventsFrom: bigint | null = null;
    if (subscriber.topics.has("events")) {
      position.event = this.eventsCursor ?? 0n;
      const from = resume ? resume.event : (options.eventsAfterId ?? null);
      if (resume && resume.event === null) missed = true;
      if (from !== null) {
        // Usually the hub's cursor is at or past it; only a cursor ahead of it needs the check.
        if (from <= position.event || isKnownEventCursor(from, await this.deps.latestEventId())) {
          position.event = from;
          eventsFrom = from;
        } else {
          missed = true;
        }
      }
    }

    let missedChanges: { seq: number; payload: string }[] = [];
    let newestKept = 0;
    if (resume) {
      const kept = await this.deps.changeLog.range();
      if (canReplayChangesAfter(resume.change, kept)) {
        position.change = resume.change;
        newestKept = kept?.newest ?? 0;
        missedChanges = await this.deps.changeLog.after(resume.change, this.deps.replayLimit + 1);
      } else {
        missed = true;
      }
    }
    // Ids never go backwards within a stream: the resync (if any) comes before the replay it precedes.
    if (missed) push({ event: "resync", data: { reason: "missed-messages" } });
    if (missedChanges.length > this.deps.replayLimit) {
      position.change = Math.max(missedChanges.at(-1)?.seq ?? 0, newestKept, position.change);
      push({ event: "changes", data: { ...COLLAPSED, at: this.deps.now() } });
    } else {
      for (const row of missedChanges) {
        position.change = row.seq;
        const change = parseChangePayload(row.payload);
        if (change) push({ event: "changes", data: change });
      }
    }

    if (eventsFrom !== null) {
      const { events, truncated } = await this.deps.eventsAfter(eventsFrom, this.deps.eventsLimit);
      const newest = events.at(-1);
      if (newest) {
        position.event = BigInt(newest.id);
        push({ event: "task-events", data: { events, truncated } });
      }
    }
    return out;
  }

  /** A published item as this stream's next message, or nothing when the stream already has it or does not follow it. */
  private offer(subscriber: Subscriber, item: Published): void {
    if (subscriber.pending) {
      subscriber.pending.push(item);
      return;
    }
    const position = subscriber.position;
    switch (item.kind) {
      case "change": {
        if (item.seq !== null) {
          if (item.seq <= position.change) return;
          position.change = item.seq;
        }
        this.send(subscriber, { id: formatEventId(position), message: { event: "changes", data: item.change } });
        return;
      }
      case "events": {
        const after = position.event;
        if (!subscriber.topics.has("events") || after === null) return;
        const fresh = item.events.filter((event) => BigInt(event.id) > after);
        const newest = fresh.at(-1);
        if (!newest) return;
        // The read skipped events before its first one; a stream that had everything up to there lost none.
        const first = item.events[0];
        const truncated = item.truncated && first !== undefined && after < BigInt(first.id) - 1n;
        position.event = BigInt(newest.id);
        this.send(subscriber, { id: formatEventId(position), message: { event: "task-events", data: { events: fresh, truncated } } });
        return;
      }
      case "signal":
        this.send(subscriber, { id: formatEventId(position), message: item.message });
        return;
    }
  }

  private send(subscriber: Subscriber, delivery: Delivery): void {
    try {
      subscriber.deliver(delivery);
    } catch (error) {
      this.deps.onError?.("delivering a stream message", error);
    }
  }

  private publish(item: Published): void {
    const topic: StreamTopic = item.kind === "events" ? "events" : "changes";
    for (const subscriber of this.subscribers) if (subscriber.topics.has(topic)) this.offer(subscriber, item);
  }

  private remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size === 0) this.stopHealthWatch();
    // Nobody left to read task events for: a monitor coming back resumes from the database.
    if (subscriber.topics.has("events") && ![...this.subscribers].some((s) => s.topics.has("events"))) this.eventsCursor = null;
  }

  private ensureStarted(): Promise<void> {
    this.started ??= (async () => {
      await this.deps.source.start({
        onChange: (notice) => this.onChange(notice),
        onReconnect: () => {
          // Notifications sent while the listener was away are lost; the rows are not.
          this.publish({ kind: "signal", message: { event: "resync", data: { reason: "listener-reconnected" } } });
          this.fetchEvents();
          void this.refreshHead();
        },
      });
      // Read after LISTEN: a change committed in between is both in the log and notified.
      await this.refreshHead();
    })();
    return this.started;
  }

  private async refreshHead(): Promise<void> {
    try {
      const kept = await this.deps.changeLog.range();
      this.head = Math.max(this.head, kept?.newest ?? 0);
    } catch (error) {
      // New streams then start from an older position: on reconnect they get more replayed, or a resync.
      this.deps.onError?.("reading the change log", error);
    }
  }

  private onChange(notice: ChangeNotice): void {
    this.lastChangeAt = this.deps.now();
    if (notice.seq !== null) this.head = Math.max(this.head, notice.seq);
    this.publish({ kind: "change", seq: notice.seq, change: notice.change });
    if (touchesTasks(notice.change)) this.fetchEvents();
  }

  private async followEvents(): Promise<void> {
    if (this.eventsCursor !== null) return;
    this.eventsStarting ??= (async () => {
      try {
        this.eventsCursor = await this.deps.latestEventId();
      } finally {
        this.eventsStarting = null;
      }
    })();
    await this.eventsStarting;
    // A notification that arrived while the cursor was being read found nothing to fetch from.
    this.fetchEvents();
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
          this.publish({ kind: "events", events, truncated });
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
      if (previous !== null && previous !== key && this.healthTimer) this.publish({ kind: "signal", message: { event: "health", data: health } });
    } catch (error) {
      this.deps.onError?.("reading system health", error);
    }
  }
}
