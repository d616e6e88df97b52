import { afterEach, describe, expect, it, vi } from "vitest";
import type { MonitorEvent } from "@/lib/services/monitor-feed";
import type { ChangeNotice, ChangePayload } from "./change-payload";
import { ChangeHub, type ChangeHubDeps, type ChangeLogReader, type ChangeSource, type Delivery } from "./change-hub";
import type { HealthSignal } from "./stream-protocol";

/** A change source the test drives by hand (one per hub, as each replica LISTENs itself). */
function fakeSource() {
  let handlers: Parameters<ChangeSource["start"]>[0] | undefined;
  const source: ChangeSource & { notify: (notice: ChangeNotice) => void; reconnect: () => void; starts: number } = {
    starts: 0,
    start: async (h) => {
      source.starts += 1;
      handlers = h;
    },
    stop: async () => undefined,
    notify: (notice) => handlers?.onChange(notice),
    reconnect: () => handlers?.onReconnect(),
  };
  return source;
}

const event = (id: number): MonitorEvent => ({ id: String(id), taskId: `t${id}`, type: "task-received", hostname: "w@h", timestamp: id, name: "app.add", runtime: null, exception: null });
const change = (tasks: string[] | "many", workers: string[] | "many" = []): ChangePayload => ({ tasks, workers, at: 0 });

/**
 * The shared database every replica reads: task events (ids 1..n) and the change log. A
 * commit logs the change and notifies every connected hub, in order, as NOTIFY does.
 */
function fakeDatabase() {
  const rows: MonitorEvent[] = [];
  const log: { seq: number; payload: string }[] = [];
  const sources = new Set<ReturnType<typeof fakeSource>>();
  let seq = 0;
  const changeLog: ChangeLogReader = {
    range: async () => (log.length === 0 ? null : { oldest: log[0]?.seq ?? 0, newest: log.at(-1)?.seq ?? 0 }),
    after: async (after, limit) => log.filter((row) => row.seq > after).slice(0, limit),
  };
  return {
    rows,
    log,
    changeLog,
    sources,
    addEvents: (...ids: number[]) => rows.push(...ids.map(event)),
    latestEventId: async () => BigInt(rows.at(-1)?.id ?? 0),
    eventsAfter: async (after: bigint, limit: number) => {
      const newer = rows.filter((row) => BigInt(row.id) > after);
      return newer.length > limit ? { events: newer.slice(-limit), truncated: true } : { events: newer, truncated: false };
    },
    /** Logs a change without anybody hearing of it (e.g. while a hub was not running). */
    logOnly: (payload: ChangePayload) => {
      seq += 1;
      log.push({ seq, payload: JSON.stringify(payload) });
      return seq;
    },
    commit(payload: ChangePayload): number {
      const committed = this.logOnly(payload);
      for (const source of sources) source.notify({ seq: committed, change: payload });
      return committed;
    },
    prune: (keepFrom: number) => {
      while ((log[0]?.seq ?? Infinity) < keepFrom) log.shift();
    },
  };
}

const healthy: HealthSignal = { database: "up", ingest: "running", broker: "connected" };

function makeHub(db = fakeDatabase(), overrides: Partial<ChangeHubDeps> = {}) {
  const source = fakeSource();
  db.sources.add(source);
  let health = healthy;
  const hub = new ChangeHub({
    source,
    changeLog: db.changeLog,
    latestEventId: db.latestEventId,
    eventsAfter: db.eventsAfter,
    readHealth: async () => health,
    healthIntervalMs: 1_000,
    ...overrides,
  });
  return { hub, source, db, setHealth: (next: HealthSignal) => (health = next) };
}

function collector() {
  const got: Delivery[] = [];
  return {
    got,
    deliver: (delivery: Delivery) => got.push(delivery),
    names: () => got.map((d) => d.message.event),
    lastId: () => got.at(-1)?.id ?? null,
    changes: () => got.filter((d) => d.message.event === "changes").map((d) => (d.message.data as ChangePayload).tasks),
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("ChangeHub", () => {
  afterEach(() => vi.useRealTimers());

  it("starts one listener for all streams and sends ready, then every change, each id the seq it has reached", async () => {
    const { hub, source, db } = makeHub();
    db.commit(change(["before"])); // seq 1, before anybody listened
    const a = collector();
    const b = collector();
    await hub.subscribe({ topics: [], lastEventId: null }, a.deliver);
    await hub.subscribe({ topics: [], lastEventId: null }, b.deliver);
    db.commit(change(["t1"]));
    db.commit(change([], ["w@h"]));
    expect(source.starts).toBe(1);
    expect(a.names()).toEqual(["ready", "changes", "changes"]);
    expect(b.got.map((d) => d.id)).toEqual(["1", "2", "3"]);
    expect(b.got[1]?.message).toEqual({ event: "changes", data: change(["t1"]) });
    await hub.close();
  });

  it("sends task events only to streams that asked, read once per notification", async () => {
    const db = fakeDatabase();
    const eventsSpy = vi.fn(db.eventsAfter);
    const { hub } = makeHub(db, { eventsAfter: eventsSpy });
    db.addEvents(1, 2); // history before the monitor opened
    const monitor = collector();
    const monitor2 = collector();
    const dashboard = collector();
    await hub.subscribe({ topics: ["events"], lastEventId: null }, monitor.deliver);
    await hub.subscribe({ topics: ["events"], lastEventId: null }, monitor2.deliver);
    await hub.subscribe({ topics: [], lastEventId: null }, dashboard.deliver);
    await flush();
    eventsSpy.mockClear();

    db.addEvents(3, 4);
    db.commit(change(["t3", "t4"]));
    await flush();
    expect(eventsSpy).toHaveBeenCalledTimes(1);
    const delivered = monitor.got.find((d) => d.message.event === "task-events");
    expect(delivered?.message).toEqual({ event: "task-events", data: { events: [event(3), event(4)], truncated: false } });
    expect(delivered?.id).toBe("1-4");
    expect(monitor2.names()).toContain("task-events");
    expect(dashboard.names()).not.toContain("task-events");

    // A workers-only change (heartbeats) costs no event read.
    db.commit(change([], ["w@h"]));
    await flush();
    expect(eventsSpy).toHaveBeenCalledTimes(1);
    await hub.close();
  });

  it("keeps only the newest events of a burst and says so", async () => {
    const { hub, db } = makeHub(fakeDatabase(), { eventsLimit: 2 });
    const monitor = collector();
    await hub.subscribe({ topics: ["events"], lastEventId: null }, monitor.deliver);
    db.addEvents(1, 2, 3, 4, 5);
    db.commit(change("many"));
    await flush();
    expect(monitor.got.at(-1)?.message).toEqual({ event: "task-events", data: { events: [event(4), event(5)], truncated: true } });
    await hub.close();
  });

  it("catches a new monitor up from the newest event its page was rendered with", async () => {
    const { hub, db } = makeHub();
    db.addEvents(1, 2, 3); // the page was rendered with events up to 1
    const monitor = collector();
    await hub.subscribe({ topics: ["events"], lastEventId: null, eventsAfterId: 1n }, monitor.deliver);
    expect(monitor.got).toEqual([
      { id: "0-3", message: { event: "task-events", data: { events: [event(2), event(3)], truncated: false } } },
      { id: "0-3", message: { event: "ready", data: { topics: ["changes", "events"], lastChangeMsAgo: null } } },
    ]);
    db.addEvents(4);
    db.commit(change(["t4"]));
    await flush();
    expect(monitor.got.at(-1)).toEqual({ id: "1-4", message: { event: "task-events", data: { events: [event(4)], truncated: false } } });

    // A reconnect resumes by Last-Event-ID instead of catching up again.
    const again = collector();
    await hub.subscribe({ topics: ["events"], lastEventId: monitor.lastId(), eventsAfterId: 1n }, again.deliver);
    expect(again.names()).toEqual(["ready"]);
    await hub.close();
  });

  it("replays exactly what a stream missed when it reconnects to another replica", async () => {
    const db = fakeDatabase();
    const a = makeHub(db).hub;
    const b = makeHub(db).hub;
    const first = collector();
    const unsubscribe = await a.subscribe({ topics: [], lastEventId: null }, first.deliver);
    db.commit(change(["t1"]));
    unsubscribe(); // replica a goes away...
    db.commit(change(["t2"]));
    db.commit(change([], ["w@h"]));

    const again = collector(); // ...and the browser reconnects through the proxy to b
    await b.subscribe({ topics: [], lastEventId: first.lastId() }, again.deliver);
    expect(again.got.map((d) => [d.id, d.message.event])).toEqual([
      ["2", "changes"],
      ["3", "changes"],
      ["3", "ready"],
    ]);
    expect(again.changes()).toEqual([["t2"], []]);
    db.commit(change(["t4"]));
    expect(again.got.at(-1)).toEqual({ id: "4", message: { event: "changes", data: change(["t4"]) } });
    await Promise.all([a.close(), b.close()]);
  });

  it("delivers what is published while a stream is being caught up after the replay, once", async () => {
    const db = fakeDatabase();
    let release: () => void = () => undefined;
    const slowLog: ChangeLogReader = {
      range: db.changeLog.range,
      after: async (after, limit) => {
        const rows = await db.changeLog.after(after, limit);
        // Committed after the replay was read, while it is on its way: it arrives as a notification.
        db.commit(change(["during"]));
        await new Promise<void>((resolve) => (release = resolve));
        return rows;
      },
    };
    const { hub } = makeHub(db, { changeLog: slowLog });
    await hub.subscribe({ topics: [], lastEventId: null }, () => undefined);
    db.commit(change(["t1"]));
    db.commit(change(["t2"]));
    const c = collector();
    const subscribed = hub.subscribe({ topics: [], lastEventId: "1" }, c.deliver);
    await vi.waitFor(() => expect(db.log).toHaveLength(3));
    expect(c.got).toEqual([]);
    release();
    await subscribed;
    expect(c.got.map((d) => [d.id, d.message.event])).toEqual([
      ["2", "changes"],
      ["3", "changes"],
      ["3", "ready"],
    ]);
    expect(c.changes()).toEqual([["t2"], ["during"]]);
    await hub.close();
  });

  it("replays a monitor's missed task events from the database on a replica that was not following them", async () => {
    const db = fakeDatabase();
    const a = makeHub(db).hub;
    const b = makeHub(db).hub;
    db.addEvents(1);
    const monitor = collector();
    const unsubscribe = await a.subscribe({ topics: ["events"], lastEventId: null }, monitor.deliver);
    db.addEvents(2);
    db.commit(change(["t2"]));
    await flush();
    const lastSeen = monitor.lastId();
    expect(lastSeen).toBe("1-2");
    unsubscribe();
    db.addEvents(3, 4);
    db.commit(change(["t3", "t4"]));

    const back = collector();
    await b.subscribe({ topics: ["events"], lastEventId: lastSeen }, back.deliver);
    expect(back.got).toEqual([
      { id: "2-2", message: { event: "changes", data: change(["t3", "t4"]) } },
      { id: "2-4", message: { event: "task-events", data: { events: [event(3), event(4)], truncated: false } } },
      { id: "2-4", message: { event: "ready", data: { topics: ["changes", "events"], lastChangeMsAgo: null } } },
    ]);
    await Promise.all([a.close(), b.close()]);
  });

  it("tells a stream to resync when what it missed is no longer kept, or its id is not from this database", async () => {
    const { hub, db } = makeHub();
    await hub.subscribe({ topics: [], lastEventId: null }, () => undefined);
    for (let i = 1; i <= 5; i++) db.commit(change([`t${i}`]));
    db.prune(4); // seqs 4 and 5 are kept

    const names = async (lastEventId: string, topics: ("events" | "changes")[] = []) => {
      const c = collector();
      await hub.subscribe({ topics, lastEventId }, c.deliver);
      return c.got.map((d) => [d.id, d.message.event === "changes" ? (d.message.data as ChangePayload).tasks : d.message.event]);
    };
    expect(await names("2")).toEqual([
      ["5", "resync"],
      ["5", "ready"],
    ]);
    expect(await names("3")).toEqual([
      ["4", ["t4"]],
      ["5", ["t5"]],
      ["5", "ready"],
    ]);
    expect(await names("9")).toEqual([
      ["5", "resync"],
      ["5", "ready"],
    ]); // another installation's, or from before a restore
    expect(await names("Ab3dE_fG.42")).toEqual([
      ["5", "resync"],
      ["5", "ready"],
    ]); // an older Bloom's per-process id
    expect(await names("5-99", ["events"])).toEqual([
      ["5-0", "resync"],
      ["5-0", "ready"],
    ]); // a task event this database never stored
    expect(await names("5", ["events"])).toEqual([
      ["5-0", "resync"],
      ["5-0", "ready"],
    ]); // a monitor stream that does not know where its events stood
    await hub.close();
  });

  it("replays a long absence as one change naming everything", async () => {
    const { hub, db } = makeHub(fakeDatabase(), { replayLimit: 3, now: () => 77 });
    await hub.subscribe({ topics: [], lastEventId: null }, () => undefined);
    for (let i = 1; i <= 6; i++) db.commit(change([`t${i}`]));
    const c = collector();
    await hub.subscribe({ topics: [], lastEventId: "1" }, c.deliver);
    expect(c.got).toEqual([
      { id: "6", message: { event: "changes", data: { tasks: "many", workers: "many", at: 77 } } },
      { id: "6", message: { event: "ready", data: { topics: ["changes"], lastChangeMsAgo: 0 } } },
    ]);
    await hub.close();
  });

  it("starts a new stream at the newest logged change, even before any notification arrived", async () => {
    const db = fakeDatabase();
    db.logOnly(change(["x"]));
    db.logOnly(change(["y"]));
    const { hub } = makeHub(db);
    const c = collector();
    await hub.subscribe({ topics: [], lastEventId: null }, c.deliver);
    expect(c.lastId()).toBe("2");
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

  it("passes on a notification without a seq (an older ingest) without moving the stream's position", async () => {
    const { hub, source } = makeHub();
    const c = collector();
    await hub.subscribe({ topics: [], lastEventId: null }, c.deliver);
    source.notify({ seq: null, change: change(["old"]) });
    expect(c.got.at(-1)).toEqual({ id: "0", message: { event: "changes", data: change(["old"]) } });
    await hub.close();
  });

  it("tells a loading page how long ago the last change was", async () => {
    let now = 1_000;
    const { hub, db } = makeHub(fakeDatabase(), { now: () => now });
    await hub.subscribe({ topics: [], lastEventId: null }, () => undefined);
    db.commit(change(["t1"]));
    now = 1_750;
    const c = collector();
    await hub.subscribe({ topics: [], lastEventId: null }, c.deliver);
    expect(c.got[0]?.message).toEqual({ event: "ready", data: { topics: ["changes"], lastChangeMsAgo: 750 } });
    await hub.close();
  });
});
