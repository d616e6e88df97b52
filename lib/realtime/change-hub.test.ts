import { afterEach, describe, expect, it, vi } from "vitest";
import type { MonitorEvent } from "@/lib/services/monitor-feed";
import type { ChangePayload } from "./change-payload";
import { ChangeHub, type ChangeHubDeps, type ChangeSource, type Delivery } from "./change-hub";
import type { HealthSignal } from "./stream-protocol";

/** A change source the test drives by hand. */
function fakeSource() {
  let handlers: Parameters<ChangeSource["start"]>[0] | undefined;
  const source: ChangeSource & { notify: (change: ChangePayload) => void; reconnect: () => void; starts: number } = {
    starts: 0,
    start: async (h) => {
      source.starts += 1;
      handlers = h;
    },
    stop: async () => undefined,
    notify: (change) => handlers?.onChange(change),
    reconnect: () => handlers?.onReconnect(),
  };
  return source;
}

const event = (id: number): MonitorEvent => ({ id: String(id), taskId: `t${id}`, type: "task-received", hostname: "w@h", timestamp: id, name: "app.add", runtime: null, exception: null });

/** Events "in the database": ids 1..n. */
function fakeEvents() {
  const rows: MonitorEvent[] = [];
  return {
    rows,
    add: (...ids: number[]) => rows.push(...ids.map(event)),
    latestEventId: async () => BigInt(rows.at(-1)?.id ?? 0),
    eventsAfter: async (after: bigint, limit: number) => {
      const newer = rows.filter((row) => BigInt(row.id) > after);
      return newer.length > limit ? { events: newer.slice(-limit), truncated: true } : { events: newer, truncated: false };
    },
  };
}

const healthy: HealthSignal = { database: "up", ingest: "running", broker: "connected" };

function makeHub(overrides: Partial<ChangeHubDeps> = {}) {
  const source = fakeSource();
  const db = fakeEvents();
  let health = healthy;
  const hub = new ChangeHub({
    source,
    latestEventId: db.latestEventId,
    eventsAfter: db.eventsAfter,
    readHealth: async () => health,
    bootId: "boot1",
    healthIntervalMs: 1_000,
    ...overrides,
  });
  return { hub, source, db, setHealth: (next: HealthSignal) => (health = next) };
}

function collector() {
  const got: Delivery[] = [];
  return { got, deliver: (delivery: Delivery) => got.push(delivery), names: () => got.map((d) => d.message.event) };
}

const change = (tasks: string[] | "many", workers: string[] | "many" = []): ChangePayload => ({ tasks, workers, at: 0 });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("ChangeHub", () => {
  afterEach(() => vi.useRealTimers());

  it("starts one listener for all streams and sends ready, then every change, with increasing ids", async () => {
    const { hub, source } = makeHub();
    const a = collector();
    const b = collector();
    await hub.subscribe({ topics: [], lastEventId: null }, a.deliver);
    await hub.subscribe({ topics: [], lastEventId: null }, b.deliver);
    source.notify(change(["t1"]));
    source.notify(change([], ["w@h"]));
    expect(source.starts).toBe(1);
    expect(a.names()).toEqual(["ready", "changes", "changes"]);
    expect(b.got.map((d) => d.id)).toEqual(["boot1.0", "boot1.1", "boot1.2"]);
    expect(b.got[1]?.message).toEqual({ event: "changes", data: change(["t1"]) });
    await hub.close();
  });

  it("sends task events only to streams that asked, read once per notification", async () => {
    const { hub, source, db } = makeHub();
    const eventsSpy = vi.fn(db.eventsAfter);
    const hubWithSpy = new ChangeHub({ source, latestEventId: db.latestEventId, eventsAfter: eventsSpy, readHealth: async () => healthy, bootId: "b" });
    db.add(1, 2); // history before the monitor opened
    const monitor = collector();
    const monitor2 = collector();
    const dashboard = collector();
    await hubWithSpy.subscribe({ topics: ["events"], lastEventId: null }, monitor.deliver);
    await hubWithSpy.subscribe({ topics: ["events"], lastEventId: null }, monitor2.deliver);
    await hubWithSpy.subscribe({ topics: [], lastEventId: null }, dashboard.deliver);
    await flush();
    eventsSpy.mockClear();

    db.add(3, 4);
    source.notify(change(["t3", "t4"]));
    await flush();
    expect(eventsSpy).toHaveBeenCalledTimes(1);
    const delivered = monitor.got.find((d) => d.message.event === "task-events")?.message;
    expect(delivered).toEqual({ event: "task-events", data: { events: [event(3), event(4)], truncated: false } });
    expect(monitor2.names()).toContain("task-events");
    expect(dashboard.names()).not.toContain("task-events");

    // A workers-only change (heartbeats) costs no event read.
    source.notify(change([], ["w@h"]));
    await flush();
    expect(eventsSpy).toHaveBeenCalledTimes(1);
    await hubWithSpy.close();
    await hub.close();
  });

  it("keeps only the newest events of a burst and says so", async () => {
    const { hub, source, db } = makeHub({ eventsLimit: 2 });
    const monitor = collector();
    await hub.subscribe({ topics: ["events"], lastEventId: null }, monitor.deliver);
    db.add(1, 2, 3, 4, 5);
    source.notify(change("many"));
    await flush();
    expect(monitor.got.at(-1)?.message).toEqual({ event: "task-events", data: { events: [event(4), event(5)], truncated: true } });
    await hub.close();
  });

  it("catches a new monitor up from the newest event its page was rendered with", async () => {
    const { hub, source, db } = makeHub();
    db.add(1, 2, 3); // the page was rendered with events up to 1
    const monitor = collector();
    await hub.subscribe({ topics: ["events"], lastEventId: null, eventsAfterId: 1n }, monitor.deliver);
    expect(monitor.got.map((d) => d.message)).toEqual([
      { event: "task-events", data: { events: [event(2), event(3)], truncated: false } },
      { event: "ready", data: { topics: ["changes", "events"], lastChangeMsAgo: null } },
    ]);
    db.add(4);
    source.notify(change(["t4"]));
    await flush();
    expect(monitor.got.at(-1)?.message).toEqual({ event: "task-events", data: { events: [event(4)], truncated: false } });

    // A reconnect resumes by Last-Event-ID instead of catching up again.
    const again = collector();
    await hub.subscribe({ topics: ["events"], lastEventId: monitor.got.at(-1)?.id ?? null, eventsAfterId: 1n }, again.deliver);
    expect(again.names()).toEqual(["ready"]);
    await hub.close();
  });

  it("replays what a reconnecting stream missed, by Last-Event-ID", async () => {
    const { hub, source } = makeHub();
    const first = collector();
    const unsubscribe = await hub.subscribe({ topics: [], lastEventId: null }, first.deliver);
    source.notify(change(["t1"]));
    const lastSeen = first.got.at(-1)?.id ?? "";
    unsubscribe();
    source.notify(change(["t2"]));
    source.notify(change(["t3"]));

    const again = collector();
    await hub.subscribe({ topics: [], lastEventId: lastSeen }, again.deliver);
    expect(again.got.map((d) => [d.id, d.message.event])).toEqual([
      ["boot1.2", "changes"],
      ["boot1.3", "changes"],
      ["boot1.3", "ready"],
    ]);
    await hub.close();
  });

  it("tells a stream to resync when its Last-Event-ID is from another process or fell out of the buffer", async () => {
    const { hub, source } = makeHub({ ringSize: 2 });
    const c = collector();
    await hub.subscribe({ topics: [], lastEventId: null }, c.deliver);
    for (let i = 0; i < 5; i++) source.notify(change([`t${i}`]));

    const other = collector();
    await hub.subscribe({ topics: [], lastEventId: "someotherboot.3" }, other.deliver);
    expect(other.names()).toEqual(["resync", "ready"]);

    const tooOld = collector();
    await hub.subscribe({ topics: [], lastEventId: "boot1.1" }, tooOld.deliver);
    expect(tooOld.names()).toEqual(["resync", "ready"]);

    const justInTime = collector();
    await hub.subscribe({ topics: [], lastEventId: "boot1.3" }, justInTime.deliver);
    expect(justInTime.names()).toEqual(["changes", "changes", "ready"]);
    await hub.close();
  });

  it("resyncs a monitor whose gap was not followed (no monitor was open), but not within the grace period", async () => {
    vi.useFakeTimers();
    const { hub, source, db } = makeHub({ eventsGraceMs: 10_000 });
    const m = collector();
    const unsubscribe = await hub.subscribe({ topics: ["events"], lastEventId: null }, m.deliver);
    const lastSeen = m.got.at(-1)?.id ?? "";
    unsubscribe();
    db.add(1);
    source.notify(change(["t1"]));
    await vi.advanceTimersByTimeAsync(1);

    const back = collector();
    const unsubscribeBack = await hub.subscribe({ topics: ["events"], lastEventId: lastSeen }, back.deliver);
    expect(back.names()).toEqual(["changes", "task-events", "ready"]);
    const lastBack = back.got.at(-1)?.id ?? "";
    unsubscribeBack();

    await vi.advanceTimersByTimeAsync(10_001); // nobody follows events any more
    db.add(2);
    source.notify(change(["t2"]));
    const late = collector();
    await hub.subscribe({ topics: ["events"], lastEventId: lastBack }, late.deliver);
    expect(late.names()).toEqual(["resync", "ready"]);
    await hub.close();
  });

  it("announces health changes while streams are open, and a resync when the listener came back", async () => {
    vi.useFakeTimers();
    const { hub, source, setHealth } = makeHub();
    const c = collector();
    await hub.subscribe({ topics: [], lastEventId: null }, c.deliver);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(c.names()).toEqual(["ready"]); // unchanged health is not news
    setHealth({ ...healthy, broker: "disconnected" });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(c.got.at(-1)?.message).toEqual({ event: "health", data: { ...healthy, broker: "disconnected" } });

    source.reconnect();
    expect(c.got.at(-1)?.message).toEqual({ event: "resync", data: { reason: "listener-reconnected" } });
    await hub.close();
  });

  it("tells a loading page how long ago the last change was", async () => {
    let now = 1_000;
    const { hub, source } = makeHub({ now: () => now });
    await hub.subscribe({ topics: [], lastEventId: null }, () => undefined);
    source.notify(change(["t1"]));
    now = 1_750;
    const c = collector();
    await hub.subscribe({ topics: [], lastEventId: null }, c.deliver);
    expect(c.got[0]?.message).toEqual({ event: "ready", data: { topics: ["changes"], lastChangeMsAgo: 750 } });
    await hub.close();
  });
});
