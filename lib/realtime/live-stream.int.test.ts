import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor as rigWaitFor } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { changeLogRange, publishChange } from "@/lib/repositories/change-log";
import { insertTaskEvents } from "@/lib/repositories/ingest-batch-writes";
import { changeLogFeed } from "@/lib/services/change-log-feed";
import { latestMonitorEventId, listMonitorEventsAfter } from "@/lib/services/monitor-feed";
import { CHANGES_CHANNEL } from "./change-payload";
import { ChangeHub } from "./change-hub";
import { createPgChangeSource } from "./pg-change-source";
import { sseResponse } from "./sse-response";

/** waitFor with a default deadline: everything here is local and should take milliseconds. */
const waitFor = (what: string, probe: () => boolean, options: { timeoutMs?: number } = {}) => rigWaitFor(what, probe, { timeoutMs: options.timeoutMs ?? 5_000, intervalMs: 5 });

type Frame = { id?: string; event?: string; data?: unknown; comment?: string; at: number };

/** Reads an SSE body into frames as they arrive. */
function readFrames(response: Response): { frames: Frame[]; done: Promise<void> } {
  const frames: Frame[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const frame: Frame = { at: Date.now() };
        for (const line of block.split("\n")) {
          if (line.startsWith(": ")) frame.comment = line.slice(2);
          else if (line.startsWith("id: ")) frame.id = line.slice(4);
          else if (line.startsWith("event: ")) frame.event = line.slice(7);
          else if (line.startsWith("data: ")) frame.data = JSON.parse(line.slice(6));
        }
        frames.push(frame);
      }
    }
  })();
  return { frames, done };
}

describe("live stream over a real PostgreSQL", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;
  let hub: ChangeHub;
  let url: string;

  /** A web replica's hub: its own LISTEN connection, the shared database behind it. */
  const hubs: ChangeHub[] = [];
  const replicaHub = () => {
    const replica = new ChangeHub({
      source: createPgChangeSource({ connectionString: url, retryMs: 100 }),
      changeLog: changeLogFeed,
      latestEventId: latestMonitorEventId,
      eventsAfter: listMonitorEventsAfter,
      readHealth: async () => ({ database: "up", ingest: "running", broker: "connected" }),
    });
    hubs.push(replica);
    return replica;
  };

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_live_stream");
    drop = db.drop;
    url = db.url;
    // The services read through the app's own client, which takes DATABASE_URL on first use.
    process.env.DATABASE_URL = db.url;
    prisma = createPrismaClient(db.url, 2);
    hub = replicaHub();
  });

  afterAll(async () => {
    await Promise.all(hubs.map((replica) => replica.close()));
    await prisma?.$disconnect();
    await drop?.();
  });

  /** One committed batch the way the ingest writes it: rows, then NOTIFY inside the transaction. */
  async function commitBatch(taskId: string, type: string): Promise<number> {
    await prisma.$transaction(async (tx) => {
      await tx.task.upsert({ where: { uuid: taskId }, create: { uuid: taskId, name: "app.add", state: "RECEIVED" }, update: {} });
      await insertTaskEvents(tx, [{ taskId, type, hostname: "w@h", timestamp: Date.now() / 1000, clock: 1, fields: {}, runtime: null }]);
      await publishChange(tx, CHANGES_CHANNEL, JSON.stringify({ tasks: [taskId], workers: [], at: Date.now() }));
    });
    return Date.now();
  }

  it("streams a committed batch's change and its task events within milliseconds, with SSE framing and headers", async () => {
    await commitBatch("before", "task-received"); // history: not part of the live feed
    const abort = new AbortController();
    const response = sseResponse(hub, { topics: ["changes", "events"], lastEventId: null, signal: abort.signal, heartbeatMs: 200 });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const { frames } = readFrames(response);
    await waitFor("ready", () => frames.some((f) => f.event === "ready"));

    const committedAt = await commitBatch("t1", "task-received");
    await waitFor("task events", () => frames.some((f) => f.event === "task-events"));
    const delivered = frames.find((f) => f.event === "task-events")!;
    expect(delivered.at - committedAt).toBeLessThan(1_000);
    expect(delivered.data).toMatchObject({ events: [{ taskId: "t1", type: "task-received", name: "app.add", hostname: "w@h" }], truncated: false });
    expect(frames.find((f) => f.event === "changes")?.data).toMatchObject({ tasks: ["t1"], workers: [] });
    await waitFor("a heartbeat comment", () => frames.some((f) => f.comment === "heartbeat"));
    // Every message has its own, increasing position (ready repeats the last message's): the change seq, then the task event id.
    const positions = frames.filter((f) => f.id && f.event !== "ready").map((f) => (f.id ?? "").split("-").map(Number));
    expect(positions.length).toBeGreaterThan(1);
    for (let i = 1; i < positions.length; i++) {
      const [change = 0, event = 0] = positions[i] ?? [];
      const [previousChange = 0, previousEvent = 0] = positions[i - 1] ?? [];
      expect(change > previousChange || (change === previousChange && event > previousEvent)).toBe(true);
    }
    abort.abort();
    await waitFor("unsubscribed", () => hub.subscriberCount === 0);
  });

  it("replays missed messages for Last-Event-ID and resyncs after the listener's connection is killed", async () => {
    const first = new AbortController();
    const a = readFrames(sseResponse(hub, { topics: ["changes"], lastEventId: null, signal: first.signal }));
    await waitFor("ready", () => a.frames.some((f) => f.event === "ready"));
    await commitBatch("t2", "task-started");
    await waitFor("change", () => a.frames.some((f) => f.event === "changes"));
    const lastId = a.frames.at(-1)?.id ?? null;
    first.abort();

    // A change while the browser is away...
    const watcher = new AbortController();
    const w = readFrames(sseResponse(hub, { topics: ["changes"], lastEventId: null, signal: watcher.signal }));
    await waitFor("watcher ready", () => w.frames.some((f) => f.event === "ready"));
    await commitBatch("t3", "task-started");
    await waitFor("watcher saw it", () => w.frames.some((f) => f.event === "changes"));

    // ...is replayed when it comes back.
    const again = new AbortController();
    const b = readFrames(sseResponse(hub, { topics: ["changes"], lastEventId: lastId, signal: again.signal }));
    await waitFor("replay", () => b.frames.some((f) => f.event === "ready"));
    expect(b.frames.filter((f) => f.event).map((f) => [f.event, (f.data as { tasks?: string[] }).tasks ?? null])).toEqual([
      ["changes", ["t3"]],
      ["ready", null],
    ]);

    await prisma.$executeRawUnsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bloom-web-listen' AND datname = current_database()`);
    await waitFor("resync after the listener came back", () => b.frames.some((f) => f.event === "resync"), { timeoutMs: 10_000 });
    await commitBatch("t4", "task-succeeded");
    await waitFor("changes flow again", () => b.frames.some((f) => f.event === "changes" && (f.data as { tasks: string[] }).tasks[0] === "t4"), { timeoutMs: 10_000 });
    watcher.abort();
    again.abort();
  });

  /** What a stream received, in short: event names, with the task ids of changes and task events. */
  const summary = (frames: Frame[]) =>
    frames
      .filter((f) => f.event)
      .map((f) => {
        if (f.event === "changes") return ["changes", (f.data as { tasks: string[] }).tasks];
        if (f.event === "task-events") return ["task-events", (f.data as { events: { taskId: string }[] }).events.map((e) => e.taskId)];
        return [f.event];
      });

  it("a monitor that reconnects to the other replica with Last-Event-ID gets exactly the changes and task events it missed", async () => {
    const a = replicaHub();
    const b = replicaHub();
    // b is already serving somebody: its listener runs and has heard everything below.
    const bystander = new AbortController();
    const onB = readFrames(sseResponse(b, { topics: ["changes"], lastEventId: null, signal: bystander.signal }));
    await waitFor("b ready", () => onB.frames.some((f) => f.event === "ready"));

    await commitBatch("before", "task-received");
    const first = new AbortController();
    const onA = readFrames(sseResponse(a, { topics: ["changes", "events"], lastEventId: null, signal: first.signal }));
    await waitFor("a ready", () => onA.frames.some((f) => f.event === "ready"));
    await commitBatch("seen", "task-received");
    await waitFor("the task event on a", () => onA.frames.some((f) => f.event === "task-events"));
    expect(summary(onA.frames)).toEqual([["ready"], ["changes", ["seen"]], ["task-events", ["seen"]]]);
    const lastEventId = onA.frames.at(-1)?.id ?? null;
    first.abort(); // replica a goes away

    await commitBatch("missed-1", "task-received");
    await commitBatch("missed-2", "task-received");
    await waitFor("b heard both", () => onB.frames.filter((f) => f.event === "changes").length === 4);

    // The browser reconnects through the proxy and lands on b.
    const again = new AbortController();
    const resumed = readFrames(sseResponse(b, { topics: ["changes", "events"], lastEventId, signal: again.signal }));
    await waitFor("ready on b", () => resumed.frames.some((f) => f.event === "ready"));
    expect(summary(resumed.frames)).toEqual([["changes", ["missed-1"]], ["changes", ["missed-2"]], ["task-events", ["missed-1", "missed-2"]], ["ready"]]);

    // ...and goes on live from there, each change once.
    await commitBatch("after", "task-received");
    await waitFor("live on b", () => resumed.frames.filter((f) => f.event === "task-events").length === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(summary(resumed.frames).slice(4)).toEqual([["changes", ["after"]], ["task-events", ["after"]]]);

    // Resuming at b's own last id from a again replays nothing.
    const third = new AbortController();
    const back = readFrames(sseResponse(a, { topics: ["changes", "events"], lastEventId: resumed.frames.at(-1)?.id ?? null, signal: third.signal }));
    await waitFor("ready on a", () => back.frames.some((f) => f.event === "ready"));
    expect(summary(back.frames)).toEqual([["ready"]]);
    for (const controller of [bystander, again, third]) controller.abort();
  });

  it("resyncs a browser whose missed changes are no longer kept", async () => {
    const replica = replicaHub();
    const { newest } = (await changeLogRange(prisma)) ?? { newest: 0 };
    await commitBatch("pruned-away", "task-received");
    await commitBatch("kept", "task-received");
    // What the maintenance loop does when rows age out: a prefix goes, the newest row stays.
    await prisma.$executeRawUnsafe("DELETE FROM change_log WHERE seq <= $1::int8", String(newest + 1));
    const abort = new AbortController();
    // It had seen everything up to `newest`: the next change is gone.
    const stream = readFrames(sseResponse(replica, { topics: ["changes"], lastEventId: String(newest), signal: abort.signal }));
    await waitFor("ready", () => stream.frames.some((f) => f.event === "ready"));
    expect(summary(stream.frames)).toEqual([["resync"], ["ready"]]);
    expect(stream.frames.at(-1)?.id).toBe(String(newest + 2));
    // One that had seen the pruned change misses only what is kept.
    const justInTime = readFrames(sseResponse(replica, { topics: ["changes"], lastEventId: String(newest + 1), signal: abort.signal }));
    await waitFor("ready", () => justInTime.frames.some((f) => f.event === "ready"));
    expect(summary(justInTime.frames)).toEqual([["changes", ["kept"]], ["ready"]]);
    abort.abort();
  });
});
