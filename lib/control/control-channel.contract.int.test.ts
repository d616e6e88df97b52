/**
 * One contract, two real brokers: every case runs against the rig's Redis and RabbitMQ with
 * real Celery 5.2 workers (e2e/sample-app) answering. Waits are conditions with deadlines;
 * the only timing assertions are the ones the contract is about (early return vs. full wait).
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { connect as amqpConnect } from "amqplib";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort, startCeleryWorker, waitFor, type CeleryWorker } from "@/e2e/rig";
import { buildControlCommand, redisBindingKey } from "@/lib/celery/control-messages";
import type { JsonObject } from "@/lib/celery/json-value";
import { buildTaskMessage } from "@/lib/celery/task-message";
import { ControlError, createControlChannel, type BroadcastResult, type ControlChannel } from "./control-channel";

type Transport = "redis" | "amqp";

const HOSTS = ["ctl-a@bloomtest", "ctl-b@bloomtest", "ctl-c@bloomtest"] as const;
const [A, B, C] = HOSTS;
const live = new Set<ControlChannel>();
const until = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000) =>
  waitFor(what, probe, { timeoutMs, intervalMs: 100 });

function open(url: string): ControlChannel {
  const channel = createControlChannel(url, { connectTimeoutMs: 3_000 });
  live.add(channel);
  return channel;
}

/** One command through the typed builder, as the service layer will send it. */
function send(channel: ControlChannel, name: Parameters<typeof buildControlCommand>[0], input: object, options: Parameters<ControlChannel["broadcast"]>[2]) {
  const command = buildControlCommand(name, input as never);
  return channel.broadcast(command.method, command.arguments, options);
}

function reply(result: BroadcastResult, hostname: string): JsonObject {
  return result.replies[hostname] as JsonObject;
}

afterEach(async () => {
  await Promise.all([...live].map((channel) => channel.close()));
  live.clear();
});

const redisUrl = () => inject("redisUrl");
const backendUrl = () => redisUrl().replace(/\/0$/, "/1");

describe.each<Transport>(["redis", "amqp"])("ControlChannel contract on %s", (transport) => {
  const brokerUrl = () => (transport === "redis" ? redisUrl() : inject("amqpUrl"));
  let workers: CeleryWorker[] = [];
  let backend: Redis;

  async function taskResult(id: string): Promise<{ status: string; result: unknown } | undefined> {
    const raw = await backend.get(`celery-task-meta-${id}`);
    return raw ? (JSON.parse(raw) as { status: string; result: unknown }) : undefined;
  }

  beforeAll(async () => {
    backend = new Redis(backendUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await backend.connect();
    workers = await Promise.all(HOSTS.map((hostname) => startCeleryWorker({ brokerUrl: brokerUrl(), backendUrl: backendUrl(), hostname })));
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    backend?.disconnect();
  });

  it("ping without destination gets every worker's pong and waits the whole timeout", async () => {
    const channel = open(brokerUrl());
    const result = await send(channel, "ping", {}, { timeoutMs: 1_500 });
    for (const hostname of HOSTS) expect(reply(result, hostname)).toEqual({ ok: "pong" });
    expect(result.timedOut).toBe(false);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(1_450);
  });

  it("ping with a destination returns as soon as those workers answered", async () => {
    const channel = open(brokerUrl());
    const timeoutMs = 10_000;
    const one = await send(channel, "ping", {}, { destination: [A], timeoutMs });
    expect(one.replies).toEqual({ [A]: { ok: "pong" } });
    expect(one.timedOut).toBe(false);
    expect(one.elapsedMs).toBeLessThan(timeoutMs / 2);

    const all = await send(channel, "ping", {}, { expectedReplies: [...HOSTS], timeoutMs });
    expect(Object.keys(all.replies).sort()).toEqual([...HOSTS].sort());
    expect(all.elapsedMs).toBeLessThan(timeoutMs / 2);

    const counted = await send(channel, "ping", {}, { expectedReplies: 2, timeoutMs });
    expect(Object.keys(counted.replies).length).toBeGreaterThanOrEqual(2);
    expect(counted.elapsedMs).toBeLessThan(timeoutMs / 2);
  });

  it("measures the early-return latency with three live workers", async () => {
    const channel = open(brokerUrl());
    await send(channel, "ping", {}, { expectedReplies: [...HOSTS], timeoutMs: 5_000 }); // connections warm
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const result = await send(channel, "ping", {}, { expectedReplies: [...HOSTS], timeoutMs: 5_000 });
      expect(result.timedOut).toBe(false);
      samples.push(result.elapsedMs);
    }
    samples.sort((x, y) => x - y);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]?.toFixed(1);
    console.log(`[${transport}] ping, 3 workers, early return: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
    expect(samples.at(-1)).toBeLessThan(5_000);
  });

  it("reports timedOut when a named worker never answers, keeping the replies that came", async () => {
    const channel = open(brokerUrl());
    const result = await send(channel, "ping", {}, { destination: [A, "nobody@bloomtest"], timeoutMs: 1_000 });
    expect(result.timedOut).toBe(true);
    expect(result.replies).toEqual({ [A]: { ok: "pong" } });
  });

  it("selects workers by glob pattern", async () => {
    const channel = open(brokerUrl());
    const result = await send(channel, "ping", {}, { pattern: "ctl-[ab]@*", matcher: "glob", expectedReplies: 2, timeoutMs: 10_000 });
    expect(Object.keys(result.replies).sort()).toEqual([A, B]);
  });

  it("keeps concurrent broadcasts apart (one reply queue, many tickets)", async () => {
    const channel = open(brokerUrl());
    const [ping, stats, registered] = await Promise.all([
      send(channel, "ping", {}, { destination: [A], timeoutMs: 10_000 }),
      send(channel, "stats", {}, { destination: [B], timeoutMs: 10_000 }),
      send(channel, "registered", {}, { destination: [A, C], timeoutMs: 10_000 }),
    ]);
    expect(ping.replies).toEqual({ [A]: { ok: "pong" } });
    expect(Object.keys(stats.replies)).toEqual([B]);
    expect(reply(stats, B)).toHaveProperty("pool");
    expect(Object.keys(registered.replies).sort()).toEqual([A, C]);
  });

  it("stats, registered, active_queues and conf return their structures", async () => {
    const channel = open(brokerUrl());
    const options = { destination: [A], timeoutMs: 10_000 };
    const stats = reply(await send(channel, "stats", {}, options), A);
    expect(stats).toMatchObject({ pool: { "max-concurrency": 2 }, broker: { transport: transport === "redis" ? "redis" : "amqp" } });
    expect((stats["pool"] as JsonObject)["processes"]).toHaveLength(2);

    const registered = (await send(channel, "registered", {}, options)).replies[A];
    expect(registered).toEqual(expect.arrayContaining(["bloom_sample.add", "bloom_sample.sleep", "bloom_sample.echo"]));

    const queues = (await send(channel, "active_queues", {}, options)).replies[A] as JsonObject[];
    expect(queues.map((q) => q["name"]).sort()).toEqual(["celery", "io"]);
    expect(queues[0]).toHaveProperty("exchange.type", "direct");

    const conf = reply(await send(channel, "conf", {}, options), A);
    expect(conf).toMatchObject({ task_track_started: true, worker_pool_restarts: true, task_routes: { "bloom_sample.io_task": { queue: "io" } } });
  });

  it("revoke with terminate stops a running task", async () => {
    const channel = open(brokerUrl());
    const task = buildTaskMessage({ name: "bloom_sample.sleep", args: [60] });
    const id = task.headers.id;
    await channel.sendTask(task, { queue: "celery" });

    const runner = await until("the sleep task to be active on some worker", async () => {
      const active = await send(channel, "active", {}, { expectedReplies: [...HOSTS], timeoutMs: 5_000 });
      return HOSTS.find((hostname) => ((active.replies[hostname] ?? []) as JsonObject[]).some((t) => t["id"] === id));
    });

    const revoke = await send(channel, "revoke", { taskId: [id], terminate: true, signal: "SIGTERM" }, { expectedReplies: [...HOSTS], timeoutMs: 10_000 });
    expect(reply(revoke, runner)).toEqual({ ok: `terminate: ${id}` });

    await until("the task to leave the active list", async () => {
      const active = await send(channel, "active", {}, { destination: [runner], timeoutMs: 5_000 });
      return !((active.replies[runner] ?? []) as JsonObject[]).some((t) => t["id"] === id);
    });
    const revoked = await send(channel, "revoked", {}, { destination: [runner], timeoutMs: 5_000 });
    expect(revoked.replies[runner]).toContain(id);
    await until("the result backend to record REVOKED", async () => (await taskResult(id))?.status === "REVOKED");
  });

  it("pool_grow then pool_shrink change the pool size that stats reports", async () => {
    const channel = open(brokerUrl());
    const processes = async () => {
      const stats = reply(await send(channel, "stats", {}, { destination: [B], timeoutMs: 5_000 }), B);
      return ((stats["pool"] as JsonObject)["processes"] as number[]).length;
    };
    expect(await processes()).toBe(2);
    const grow = await send(channel, "pool_grow", { n: 1 }, { destination: [B], timeoutMs: 5_000 });
    expect(grow.replies).toEqual({ [B]: { ok: "pool will grow" } });
    await until("3 pool processes", async () => (await processes()) === 3);
    const shrink = await send(channel, "pool_shrink", { n: 1 }, { destination: [B], timeoutMs: 5_000 });
    expect(shrink.replies).toEqual({ [B]: { ok: "pool will shrink" } });
    await until("2 pool processes", async () => (await processes()) === 2);
  });

  it("rate_limit is accepted, and a worker's error reply is kept as the reply", async () => {
    const channel = open(brokerUrl());
    const ok = await send(channel, "rate_limit", { taskName: "bloom_sample.add", rateLimit: "100/m" }, { destination: [A], timeoutMs: 5_000 });
    expect(ok.replies).toEqual({ [A]: { ok: "new rate limit set successfully" } });
    const unknown = await send(channel, "rate_limit", { taskName: "bloom_sample.nope", rateLimit: "1/s" }, { destination: [A], timeoutMs: 5_000 });
    expect(unknown).toMatchObject({ replies: { [A]: { error: "unknown task" } }, timedOut: false });
    // A command the worker raises on (autoscale without --autoscale) comes back as {"error": repr}.
    const autoscale = await send(channel, "autoscale", { max: 3, min: 1 }, { destination: [A], timeoutMs: 5_000 });
    expect(reply(autoscale, A)["error"]).toMatch(/Autoscale not enabled/);
    const off = await send(channel, "rate_limit", { taskName: "bloom_sample.add", rateLimit: "0" }, { destination: [A], timeoutMs: 5_000 });
    expect(reply(off, A)).toHaveProperty("ok");
  });

  it("sendTask queues a task by name with args, kwargs and priority; the worker runs it", async () => {
    const channel = open(brokerUrl());
    const sent = [];
    for (const priority of [0, 3, 5, 9]) {
      const task = buildTaskMessage({ name: "bloom_sample.echo", args: [1, "two", priority], kwargs: { three: 3, "é": [null, true] } });
      await channel.sendTask(task, { queue: "celery", priority });
      sent.push({ id: task.headers.id, priority });
    }
    // eta/expires in Celery's format: the worker must parse them, hold the task, then run it.
    const later = buildTaskMessage({ name: "bloom_sample.add", args: [2, 3], countdown: 1, expires: 120 });
    await channel.sendTask(later, { queue: "celery" });

    for (const { id, priority } of sent) {
      const result = await until(`echo ${id} (priority ${priority}) to succeed`, async () => {
        const meta = await taskResult(id);
        return meta?.status === "SUCCESS" ? meta : undefined;
      });
      expect(result.result).toEqual({ args: [1, "two", priority], kwargs: { three: 3, "é": [null, true] } });
    }
    const sum = await until("the countdown task to succeed", async () => {
      const meta = await taskResult(later.headers.id);
      return meta?.status === "SUCCESS" ? meta : undefined;
    });
    expect(sum.result).toBe(5);
  });

  it("add_consumer and cancel_consumer change active_queues; a task sent to a new queue runs once consumed", async () => {
    const channel = open(brokerUrl());
    const queue = `bloom-ctl-${randomUUID()}`;
    const queuesOf = async (hostname: string) => {
      const result = await send(channel, "active_queues", {}, { destination: [hostname], timeoutMs: 5_000 });
      return ((result.replies[hostname] ?? []) as JsonObject[]).map((q) => q["name"]);
    };
    // Sent before anybody consumes the queue: the channel declares it the way Celery would.
    const task = buildTaskMessage({ name: "bloom_sample.add", args: [20, 22] });
    await channel.sendTask(task, { queue });

    const add = await send(channel, "add_consumer", { queue }, { destination: [C], timeoutMs: 5_000 });
    expect(add.replies).toEqual({ [C]: { ok: `add consumer ${queue}` } });
    await until(`${C} to consume ${queue}`, async () => (await queuesOf(C)).includes(queue));
    await until("the task on the new queue to succeed", async () => (await taskResult(task.headers.id))?.status === "SUCCESS");

    const cancel = await send(channel, "cancel_consumer", { queue }, { destination: [C], timeoutMs: 5_000 });
    expect(cancel.replies).toEqual({ [C]: { ok: `no longer consuming from ${queue}` } });
    await until(`${C} to stop consuming ${queue}`, async () => !(await queuesOf(C)).includes(queue));
  });

  it("refuses bad calls before touching the broker", async () => {
    const channel = open(brokerUrl());
    const refused = async (call: Promise<unknown>, field: string) => {
      const error: unknown = await call.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ControlError);
      expect(error).toMatchObject({ code: "invalid_argument", field });
    };
    await refused(channel.broadcast("ping", {}, { destination: [], timeoutMs: 1_000 }), "destination");
    await refused(channel.broadcast("ping", {}, { timeoutMs: 0 }), "timeoutMs");
    await refused(channel.broadcast("ping", {}, { timeoutMs: 1_000, expectedReplies: -1 }), "expectedReplies");
    await refused(channel.sendTask(buildTaskMessage({ name: "t" }), { queue: "" }), "queue");
    await refused(channel.sendTask(buildTaskMessage({ name: "t" }), { queue: "celery", priority: 256 }), "priority");
  });

  it("fails fast with broker_unavailable when nothing listens", async () => {
    const port = await freePort();
    const url = transport === "redis" ? `redis://127.0.0.1:${port}/0` : `amqp://guest:guest@127.0.0.1:${port}//`;
    const channel = open(url);
    await expect(channel.broadcast("ping", {}, { timeoutMs: 1_000 })).rejects.toMatchObject({ code: "broker_unavailable" });
    await expect(channel.sendTask(buildTaskMessage({ name: "t" }), { queue: "celery" })).rejects.toMatchObject({ code: "broker_unavailable" });
  });

  it("recovers on the next call after the broker dropped its connections", async () => {
    const channel = open(brokerUrl());
    await send(channel, "ping", {}, { destination: [A], timeoutMs: 5_000 });
    await dropBloomConnections(transport);
    const result = await until("a ping through a fresh connection", async () => {
      try {
        return await send(channel, "ping", {}, { destination: [A], timeoutMs: 5_000 });
      } catch (error) {
        if (error instanceof ControlError && error.code === "broker_unavailable") return undefined;
        throw error;
      }
    });
    expect(result.replies).toEqual({ [A]: { ok: "pong" } });
  });

  it("close() rejects what is pending and removes the reply queue", async () => {
    const channel = open(brokerUrl());
    const before = transport === "redis" ? await backendlessMembers() : [];
    await send(channel, "ping", {}, { destination: [A], timeoutMs: 5_000 });
    // The handler is attached at once: the rejection happens while close() is awaited.
    const pending = send(channel, "ping", {}, { timeoutMs: 10_000 }).then(
      () => "resolved",
      (error: unknown) => error,
    );
    await channel.close();
    expect(await pending).toMatchObject({ code: "closed" });
    await expect(channel.broadcast("ping", {}, { timeoutMs: 1_000 })).rejects.toMatchObject({ code: "closed" });
    await channel.close(); // idempotent
    if (transport === "redis") {
      expect(await backendlessMembers()).toEqual(before);
    } else {
      // The management API lists queues with a little delay; the queue itself went with the connection.
      await until("the exclusive reply queue to disappear", async () => (await amqpReplyQueues()).length === 0, 15_000);
    }
  });

  it("shutdown (sent without asking for a reply) makes the worker exit", async () => {
    const channel = open(brokerUrl());
    const worker = workers.find((w) => w.hostname === C);
    const result = await channel.broadcast("shutdown", {}, { destination: [C], timeoutMs: 5_000, expectedReplies: 0 });
    expect(result).toMatchObject({ replies: {}, timedOut: false });
    await until(`${C} to exit`, () => worker?.pids().length === 0, 60_000);
    const ping = await send(channel, "ping", {}, { destination: [C], timeoutMs: 500 });
    expect(ping).toMatchObject({ replies: {}, timedOut: true });
  });

  /** Members of the pidbox reply binding set on the broker's Redis db. */
  async function backendlessMembers(): Promise<string[]> {
    const client = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      return (await client.smembers(redisBindingKey("reply.celery.pidbox"))).sort();
    } finally {
      client.disconnect();
    }
  }
});

/** Reply queues RabbitMQ still has for Bloom (exclusive ones vanish with their connection). */
async function amqpReplyQueues(): Promise<string[]> {
  const response = await fetch(`${inject("rabbitManagementUrl")}/api/queues`, { headers: managementAuth() });
  const queues = (await response.json()) as { name: string; owner_pid_details?: { name?: string } }[];
  return queues.filter((q) => q.name.endsWith(".reply.celery.pidbox") && q.owner_pid_details !== undefined).map((q) => q.name);
}

async function dropBloomConnections(transport: Transport): Promise<void> {
  if (transport === "redis") {
    const client = new Redis(inject("redisUrl"), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      const list = await client.client("LIST");
      for (const line of String(list).split("\n")) {
        const id = /\bid=(\d+)/.exec(line)?.[1];
        if (id && /\bname=bloom-control/.test(line)) await client.client("KILL", "ID", id);
      }
    } finally {
      client.disconnect();
    }
    return;
  }
  const base = inject("rabbitManagementUrl");
  const connections = (await (await fetch(`${base}/api/connections`, { headers: managementAuth() })).json()) as {
    name: string;
    client_properties?: { connection_name?: string };
  }[];
  for (const connection of connections.filter((c) => c.client_properties?.connection_name === "bloom control")) {
    await fetch(`${base}/api/connections/${encodeURIComponent(connection.name)}`, { method: "DELETE", headers: managementAuth() });
  }
  // Make sure the drop went through before the test goes on.
  const probe = await amqpConnect(inject("amqpUrl"));
  await probe.close();
}

function managementAuth(): Record<string, string> {
  return { authorization: `Basic ${Buffer.from("guest:guest").toString("base64")}` };
}
