/**
 * The control services as the console and the API call them, against real brokers, real
 * Celery 5.2 workers (e2e/sample-app) and Bloom's real ingest writing Postgres: every
 * command's effect is checked where it shows (stats, registered, active_queues, the task
 * rows, the worker going offline), and refused input is checked to send nothing by a tap on
 * the pidbox exchange. Same cases on Redis and RabbitMQ; workers are shared across cases.
 */
import crypto from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startCeleryWorker, waitFor, type CeleryWorker } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { ForbiddenError, type Actor } from "@/lib/auth/actor";
import type { JsonObject } from "@/lib/celery/json-value";
import { createPrismaClient, getPrisma } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { startIngest, type RunningIngest } from "@/worker/ingest/ingest-service";
import { closeControlChannel } from "./control-channel-instance";
import {
  ControlServiceError,
  addConsumer,
  autoscaleWorker,
  cancelConsumer,
  inspectWorkers,
  listRetriesOf,
  poolGrow,
  poolRestart,
  poolShrink,
  readTaskResult,
  refreshWorkers,
  retryTask,
  revokeTasks,
  revokeTasksByName,
  sendTaskByName,
  setRateLimit,
  setTimeLimit,
  shutdownWorker,
  type WorkerReply,
} from "./index";
import { closeResultBackend } from "./task-result";
import { openPidboxTap, type PidboxTap } from "./testing/pidbox-tap";

const admin: Actor = { kind: "session", name: "alice", role: "admin" };
const viewer: Actor = { kind: "session", name: "victor", role: "viewer" };
const until = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000) =>
  waitFor(what, probe, { timeoutMs, intervalMs: 100 });

let drop: (() => Promise<void>) | undefined;
let databaseUrl: string;

beforeAll(async () => {
  const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_control_service");
  drop = db.drop;
  databaseUrl = db.url;
  process.env.DATABASE_URL = db.url;
  process.env.CELERY_RESULT_BACKEND = inject("redisUrl").replace(/\/0$/, "/1");
});

afterAll(async () => {
  await closeControlChannel();
  await closeResultBackend();
  await getPrisma().$disconnect();
  await drop?.();
});

async function expectControlError(promise: Promise<unknown>, code: ControlServiceError["code"], field?: string): Promise<ControlServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ControlServiceError);
  const failure = error as ControlServiceError;
  expect(failure.code).toBe(code);
  if (field !== undefined) expect(failure.field).toBe(field);
  return failure;
}

function replyOf(replies: readonly WorkerReply[], hostname: string): WorkerReply {
  const reply = replies.find((r) => r.hostname === hostname);
  if (!reply) throw new Error(`no reply entry for ${hostname}: ${JSON.stringify(replies)}`);
  return reply;
}

describe.each(["redis", "amqp"] as const)("control services on %s", (transport) => {
  const brokerUrl = () => (transport === "redis" ? inject("redisUrl") : inject("amqpUrl"));
  const A = `svc-${transport}-a@bloomtest`;
  const B = `svc-${transport}-b@bloomtest`;
  const C = `svc-${transport}-c@bloomtest`;
  let ingestPrisma: PrismaClient;
  let ingest: RunningIngest;
  let workers: CeleryWorker[] = [];
  let tap: PidboxTap;
  const prisma = () => getPrisma();

  async function stats(hostname: string): Promise<JsonObject> {
    const result = await inspectWorkers(admin, { command: "stats", destination: [hostname], timeoutMs: 5_000 });
    return replyOf(result.replies, hostname).reply as JsonObject;
  }
  const processes = async (hostname: string) => ((await stats(hostname))["pool"] as { processes: number[] }).processes;

  async function taskRow(id: string, states: readonly string[], timeoutMs = 30_000) {
    return until(`task ${id} in ${states.join("|")}`, async () => {
      const row = await prisma().task.findUnique({ where: { uuid: id } });
      return row && states.includes(row.state) ? row : undefined;
    }, timeoutMs);
  }

  beforeAll(async () => {
    process.env.CELERY_BROKER_URL = brokerUrl();
    // Workers of the other broker's run are not coming back: they must not be expected repliers.
    await prisma().worker.deleteMany({});
    ingestPrisma = createPrismaClient(databaseUrl, 4);
    ingest = await startIngest({
      prisma: ingestPrisma,
      brokerUrl: brokerUrl(),
      instanceId: `control-${transport}`,
      log: pino({ level: "warn" }),
      source: { amqp: { queueName: `bloom.events.control.${crypto.randomBytes(4).toString("hex")}` } },
      healthIntervalMs: 500,
      // The only pidbox traffic in this file is the services': the tap must see nothing else.
      inspector: false,
    });
    await until("broker connected", () => ingest.source.status().state === "connected", 20_000);
    const backendUrl = inject("redisUrl").replace(/\/0$/, "/1");
    workers = await Promise.all([
      startCeleryWorker({ brokerUrl: brokerUrl(), backendUrl, hostname: A, concurrency: 2 }),
      startCeleryWorker({ brokerUrl: brokerUrl(), backendUrl, hostname: B, extraArgs: ["--autoscale=3,1"] }),
    ]);
    await until("both workers online in Postgres", async () => (await prisma().worker.count({ where: { hostname: { in: [A, B] }, status: "online" } })) === 2);
    tap = await openPidboxTap(brokerUrl());
  });

  afterAll(async () => {
    await tap?.close();
    await Promise.all(workers.map((worker) => worker.stop()));
    await ingest?.stop();
    await ingestPrisma?.$disconnect();
  });

  it("refuses bad input and unknown targets with typed errors, sending nothing", async () => {
    await expectControlError(poolGrow(admin, { hostname: "nobody@bloomtest" }), "unknown_worker", "hostname");
    await expectControlError(poolGrow(admin, { hostname: A, n: -1 }), "invalid_input", "n");
    await expectControlError(poolShrink(admin, { hostname: A, n: 0 }), "invalid_input", "n");
    await expectControlError(setRateLimit(admin, { hostname: A, taskName: "bloom_sample.add", rateLimit: "10/minute" }), "invalid_input", "rateLimit");
    await expectControlError(revokeTasks(admin, { taskIds: ["no-such-task"] }), "unknown_task", "taskIds");
    await expectControlError(revokeTasks(admin, { taskIds: ["x"], signal: "SIGFOO" }), "invalid_input", "signal");
    await expectControlError(autoscaleWorker(admin, { hostname: A, max: 1, min: 2 }), "invalid_input", "max");
    // a viewer is refused before anything is looked up, and the refusal is audited
    await expect(poolGrow(viewer, { hostname: A, n: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    const denied = await prisma().auditLog.findFirst({ where: { actor: viewer.name, action: "control.pool-grow" }, orderBy: { id: "desc" } });
    expect(denied).toMatchObject({ outcome: "denied", target: A });

    // The tap works: a real command shows up in it...
    await inspectWorkers(admin, { command: "ping", destination: [A] });
    await until("the tap to see the ping", () => tap.methods.includes("ping"), 10_000);
    // ...and none of the refused ones ever did.
    expect(tap.methods.filter((method) => ["pool_grow", "pool_shrink", "rate_limit", "revoke", "autoscale"].includes(method))).toEqual([]);
  });

  it("inspects with an early return and stores a refresh in the workers table", async () => {
    const ping = await inspectWorkers(admin, { command: "ping", timeoutMs: 10_000 });
    expect(ping.outcome).toBe("ok");
    expect(ping.replies.map((r) => r.hostname).sort()).toEqual([A, B].sort());
    expect(ping.elapsedMs).toBeLessThan(10_000);

    const before = new Date();
    const refreshed = await refreshWorkers(admin, { timeoutMs: 10_000 });
    expect(refreshed.refreshed.sort()).toEqual([A, B].sort());
    expect(refreshed.missing).toEqual([]);
    expect(refreshed.elapsedMs).toBeLessThan(10_000);
    const row = await prisma().worker.findUniqueOrThrow({ where: { hostname: A } });
    expect(row.inspectedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(row.stats).toMatchObject({ pool: { "max-concurrency": 2 } });
    expect(JSON.stringify(row.activeQueues)).toContain('"celery"');

    const conf = await inspectWorkers(admin, { command: "conf", destination: [A] });
    expect(replyOf(conf.replies, A).reply).toMatchObject({ worker_pool_restarts: true });
  });

  it("grows and shrinks the pool (visible in stats) and audits each command", async () => {
    expect(await processes(A)).toHaveLength(2);
    const grown = await poolGrow(admin, { hostname: A, n: 1 });
    expect(grown).toMatchObject({ command: "pool_grow", target: A, outcome: "ok" });
    expect(replyOf(grown.replies, A)).toMatchObject({ status: "ok", message: "pool will grow" });
    await until("3 pool processes", async () => (await processes(A)).length === 3);
    const shrunk = await poolShrink(admin, { hostname: A, n: 1 });
    expect(replyOf(shrunk.replies, A)).toMatchObject({ status: "ok", message: "pool will shrink" });
    await until("2 pool processes", async () => (await processes(A)).length === 2);

    const audit = await prisma().auditLog.findFirstOrThrow({ where: { actor: admin.name, action: "control.pool-grow" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ target: A, outcome: "ok", arguments: { method: "pool_grow", arguments: { n: 1 }, destination: [A] } });
    expect(audit.durationMs).toBeGreaterThanOrEqual(0);
    expect(audit.replies).toEqual([{ hostname: A, status: "ok", reply: { ok: "pool will grow" }, message: "pool will grow" }]);
  });

  it("restarts the pool of a worker with worker_pool_restarts (new processes)", async () => {
    const before = await processes(A);
    const restarted = await poolRestart(admin, { hostname: A });
    expect(replyOf(restarted.replies, A)).toMatchObject({ status: "ok", message: "reload started" });
    // celery: billiard flags every process to exit and runs a no-op so one exits at once; the
    // others follow as they take their next job. A replaced process is the observable effect.
    await until("a replaced pool process", async () => {
      const now = await processes(A);
      return now.length === before.length && now.some((pid) => !before.includes(pid));
    });
  });

  it("autoscales a worker started with --autoscale; another answers its error plainly", async () => {
    const scaled = await autoscaleWorker(admin, { hostname: B, max: 4, min: 2 });
    expect(scaled.outcome).toBe("ok");
    expect(replyOf(scaled.replies, B).message).toMatch(/autoscale now max=4 min=2/);
    await until("autoscaler limits in stats", async () => {
      const autoscaler = (await stats(B))["autoscaler"] as { max?: number; min?: number } | undefined;
      return autoscaler?.max === 4 && autoscaler.min === 2;
    });

    const refused = await autoscaleWorker(admin, { hostname: A, max: 4, min: 2 });
    expect(refused.outcome).toBe("error");
    expect(replyOf(refused.replies, A)).toMatchObject({ status: "error", message: expect.stringMatching(/Autoscale not enabled/) });
    const audit = await prisma().auditLog.findFirstOrThrow({ where: { action: "control.autoscale", target: A }, orderBy: { id: "desc" } });
    expect(audit.outcome).toBe("error");
  });

  it("sets rate and time limits, visible in registered", async () => {
    const rate = await setRateLimit(admin, { hostname: A, taskName: "bloom_sample.add", rateLimit: "10/m" });
    expect(replyOf(rate.replies, A)).toMatchObject({ status: "ok", message: "new rate limit set successfully" });
    const time = await setTimeLimit(admin, { hostname: A, taskName: "bloom_sample.add", soft: 10, hard: 20 });
    expect(replyOf(time.replies, A)).toMatchObject({ status: "ok", message: "time limits set successfully" });
    const registered = await inspectWorkers(admin, { command: "registered", destination: [A], taskinfoitems: ["rate_limit", "soft_time_limit", "time_limit"] });
    const add = (replyOf(registered.replies, A).reply as string[]).find((line) => line.startsWith("bloom_sample.add "));
    expect(add).toBe("bloom_sample.add [rate_limit=10/m soft_time_limit=10 time_limit=20]");
    // the other worker was not touched
    const other = await inspectWorkers(admin, { command: "registered", destination: [B], taskinfoitems: ["rate_limit"] });
    expect(replyOf(other.replies, B).reply as string[]).toContain("bloom_sample.add");
  });

  it("adds and cancels a consumer (active_queues follows)", async () => {
    const queue = `svc-extra-${transport}`;
    const queueNames = async () => {
      const result = await inspectWorkers(admin, { command: "active_queues", destination: [A] });
      return (replyOf(result.replies, A).reply as { name: string }[]).map((q) => q.name);
    };
    const added = await addConsumer(admin, { hostname: A, queue });
    expect(replyOf(added.replies, A)).toMatchObject({ status: "ok", message: `add consumer ${queue}` });
    await until("queue consumed", async () => (await queueNames()).includes(queue));
    const cancelled = await cancelConsumer(admin, { hostname: A, queue });
    expect(replyOf(cancelled.replies, A)).toMatchObject({ status: "ok", message: `no longer consuming from ${queue}` });
    await until("queue no longer consumed", async () => !(await queueNames()).includes(queue));
  });

  it("sends a task by name with kwargs, countdown and priority, and reads its result", async () => {
    const sentAt = Date.now();
    const sent = await sendTaskByName(admin, { name: "bloom_sample.echo", args: ["x", 2], kwargs: { k: "v" }, countdown: 1, priority: 3 });
    expect(sent).toMatchObject({ name: "bloom_sample.echo", queue: "celery", retriedFrom: null });
    expect(Date.parse(sent.eta!)).toBeGreaterThanOrEqual(sentAt + 1_000);
    const row = await taskRow(sent.taskId, ["SUCCESS"]);
    expect(row).toMatchObject({ name: "bloom_sample.echo", args: "('x', 2)", kwargs: "{'k': 'v'}", result: "{'args': ['x', 2], 'kwargs': {'k': 'v'}}" });
    expect(row.startedAt!.getTime()).toBeGreaterThanOrEqual(Date.parse(sent.eta!) - 50);

    const result = await until("the result in the backend", async () => {
      const read = await readTaskResult(admin, { id: sent.taskId });
      return read.found ? read : undefined;
    });
    expect(result).toMatchObject({ state: "SUCCESS", result: { args: ["x", 2], kwargs: { k: "v" } }, traceback: null });
    expect(await readTaskResult(admin, { id: `never-${transport}` })).toMatchObject({ state: "PENDING", found: false, result: null });

    const audit = await prisma().auditLog.findFirstOrThrow({ where: { action: "control.send-task" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actor: admin.name, outcome: "ok", replies: { taskId: sent.taskId }, arguments: { priority: 3, kwargs: { k: "v" } } });
  });

  it("retries a failed task with the same arguments and links the two", async () => {
    const failed = await sendTaskByName(admin, { name: "bloom_sample.fail", args: [`boom-${transport}`] });
    const original = await taskRow(failed.taskId, ["FAILURE"]);
    expect(original.argsJson).toEqual([`boom-${transport}`]);

    const retried = await retryTask(admin, { id: failed.taskId });
    expect(retried).toMatchObject({ name: "bloom_sample.fail", args: [`boom-${transport}`], kwargs: {}, retriedFrom: failed.taskId });
    const again = await taskRow(retried.taskId, ["FAILURE"]);
    expect(again).toMatchObject({ args: original.args, retriedFrom: failed.taskId, worker: expect.stringMatching(/^svc-/) });
    expect(again.exception).toContain(`boom-${transport}`);
    expect(await listRetriesOf(failed.taskId)).toEqual([{ uuid: retried.taskId, state: "FAILURE" }]);

    // arguments the ingest could not parse are never guessed: the caller must give JSON
    const opaque = `opaque-${transport}`;
    await prisma().task.create({ data: { uuid: opaque, name: "bloom_sample.echo", state: "FAILURE", args: "(<object object at 0x7f3a>,)", kwargs: "{}", kwargsJson: {} } });
    await expectControlError(retryTask(admin, { id: opaque }), "invalid_input", "args");
    const given = await retryTask(admin, { id: opaque, args: [1, 2] });
    const echoed = await taskRow(given.taskId, ["SUCCESS"]);
    expect(echoed).toMatchObject({ retriedFrom: opaque, result: "{'args': [1, 2], 'kwargs': {}}" });

    await expectControlError(retryTask(admin, { id: `missing-${transport}` }), "unknown_task", "id");
    await expect(retryTask(viewer, { id: failed.taskId })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("revokes and terminates a sleeping task, then the rest by name pattern (REVOKED in Postgres)", async () => {
    const since = new Date();
    const sleepers = await Promise.all([1, 2, 3].map(() => sendTaskByName(admin, { name: "bloom_sample.sleep", args: [60] })));
    const [first, ...rest] = sleepers.map((task) => task.taskId) as [string, ...string[]];
    await taskRow(first, ["STARTED"]);

    const revoked = await revokeTasks(admin, { taskIds: [first], terminate: true, signal: "SIGKILL" });
    expect(revoked.outcome).toBe("ok");
    expect(revoked.replies.map((r) => r.hostname).sort()).toEqual([A, B].sort());
    const row = await taskRow(first, ["REVOKED"]);
    expect(row.revokedAt).toBeInstanceOf(Date);
    const list = await inspectWorkers(admin, { command: "revoked", destination: [A, B], timeoutMs: 10_000 });
    for (const reply of list.replies) expect(reply.reply as string[]).toContain(first);

    const byName = await revokeTasksByName(admin, { pattern: "bloom_sample.sl*", terminate: true });
    expect(byName.matched.map((task) => task.uuid).sort()).toEqual([...rest].sort());
    expect(byName.result?.outcome).toBe("ok");
    for (const id of rest) await taskRow(id, ["REVOKED"]);
    const none = await revokeTasksByName(admin, { pattern: "bloom_sample.sl*" });
    expect(none).toMatchObject({ matched: [], result: null });
    const audit = await prisma().auditLog.findFirstOrThrow({ where: { action: "control.revoke-by-name", outcome: "ok", at: { gte: since } }, orderBy: { id: "asc" } });
    expect(audit).toMatchObject({ target: "bloom_sample.sl*", arguments: { pattern: "bloom_sample.sl*", method: "revoke" } });
  });

  it("shuts a worker down: it goes offline", async () => {
    const worker = await startCeleryWorker({ brokerUrl: brokerUrl(), hostname: C, concurrency: 1 });
    workers.push(worker);
    await until("C online in Postgres", async () => (await prisma().worker.findUnique({ where: { hostname: C } }))?.status === "online");
    const result = await shutdownWorker(admin, { hostname: C });
    expect(result).toMatchObject({ command: "shutdown", target: C, outcome: "ok", replies: [] });
    await until("C offline in Postgres", async () => (await prisma().worker.findUnique({ where: { hostname: C } }))?.status === "offline", 30_000);
    await until("C's processes gone", () => worker.pids().length === 0, 30_000);
    // a command to it now times out plainly: 504, and the audit row says timeout
    await expectControlError(poolGrow(admin, { hostname: C, timeoutMs: 500 }), "timeout");
    const audit = await prisma().auditLog.findFirstOrThrow({ where: { action: "control.pool-grow", target: C }, orderBy: { id: "desc" } });
    expect(audit.outcome).toBe("timeout");
    expect(audit.replies).toEqual([{ hostname: C, status: "no_reply", reply: null, message: "no reply within 0.5 s" }]);
  });
});
