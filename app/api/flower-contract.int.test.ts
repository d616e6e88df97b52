import { readFileSync } from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { sendScenario, startCeleryWorker, waitFor, type CeleryWorker } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { resetAuthSettingsForTests } from "@/lib/auth/auth-settings";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { parsePrometheusText } from "@/lib/metrics/prometheus-text";
import { startIngest, type RunningIngest } from "@/worker/ingest/ingest-service";
import { createQueueProbe, sampleQueueDepths } from "@/worker/maintenance/queue-sampler";

/**
 * Flower's API contract: for each endpoint, real tasks on a real worker go through Bloom's
 * ingest into PostgreSQL, Bloom's route handler answers, and the answer is compared with what
 * a real Flower 2.1 answered for the same kind of request (e2e/flower-fixtures, captured with
 * the sample app): field names, JSON types, status codes. Bloom's deliberate differences are
 * asserted as such (errors are JSON naming the parameter; a few of Flower's 500s are 400s).
 */

const fixture = z.object({ status: z.number(), json: z.boolean(), body: z.unknown(), request: z.object({ query: z.record(z.string(), z.string()) }) });
function flower(name: string) {
  return fixture.parse(JSON.parse(readFileSync(new URL(`../../e2e/flower-fixtures/${name}.json`, import.meta.url), "utf8")));
}

/** Same JSON types and, for objects, the same keys; null matches anything (a field not set yet). */
function shapeDiff(ours: unknown, theirs: unknown, path: string, depth: number): string[] {
  if (ours === null || theirs === null || ours === undefined || depth < 0) return [];
  const kind = (value: unknown) => (Array.isArray(value) ? "array" : typeof value);
  if (kind(ours) !== kind(theirs)) return [`${path}: ${kind(ours)} here, ${kind(theirs)} in Flower`];
  if (Array.isArray(ours) && Array.isArray(theirs)) return ours.length > 0 && theirs.length > 0 ? shapeDiff(ours[0], theirs[0], `${path}[0]`, depth - 1) : [];
  if (typeof ours === "object" && typeof theirs === "object") {
    const a = ours as Record<string, unknown>;
    const b = theirs as Record<string, unknown>;
    const missing = Object.keys(b).filter((key) => !(key in a)).map((key) => `${path}.${key}: missing`);
    const extra = Object.keys(a).filter((key) => !(key in b)).map((key) => `${path}.${key}: not in Flower`);
    return [...missing, ...extra, ...Object.keys(b).flatMap((key) => (key in a ? shapeDiff(a[key], b[key], `${path}.${key}`, depth - 1) : []))];
  }
  return [];
}
const firstValue = (body: unknown) => Object.values(body as Record<string, unknown>)[0];

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = { GET?: Handler; POST?: Handler };

describe("Flower 2.1 API contract", () => {
  let prisma: PrismaClient;
  let ingest: RunningIngest;
  let worker: CeleryWorker;
  let drop: () => Promise<void>;
  let sent: Awaited<ReturnType<typeof sendScenario>>;
  const hostname = "contract-w1@bloomtest";
  const brokerUrl = () => inject("redisUrl");
  const backendUrl = () => inject("redisUrl").replace(/\/0$/, "/1");
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:pw-${user}`).toString("base64")}`;

  async function call(path: string, { method = "GET", query = {}, body, as = "viewer", params = {}, form }: { method?: "GET" | "POST"; query?: Record<string, string>; body?: unknown; as?: "viewer" | "admin" | null; params?: Record<string, string>; form?: Record<string, string> } = {}) {
    const routeModule = (await import(/* @vite-ignore */ `./${path}/route`)) as RouteModule;
    const handler = method === "GET" ? routeModule.GET : routeModule.POST;
    if (!handler) throw new Error(`${path} has no ${method}`);
    const url = new URL(`http://bloom.test/api/${path.replace(/\[(\w+)\]/g, (_, key: string) => encodeURIComponent(params[key] ?? ""))}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const headers: Record<string, string> = as ? { authorization: basic(`flower-${as}`) } : {};
    const init: RequestInit = { method, headers };
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      init.body = new URLSearchParams(form).toString();
    } else if (body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await handler(new Request(url, init), { params: Promise.resolve(params) });
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    return { status: response.status, type, text, json: type.includes("json") ? (JSON.parse(text) as unknown) : undefined };
  }

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_flower_contract");
    drop = db.drop;
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      CELERY_BROKER_URL: brokerUrl(),
      CELERY_RESULT_BACKEND: backendUrl(),
      BLOOM_BASIC_AUTH: "flower-admin:pw-flower-admin,flower-viewer:pw-flower-viewer",
      BLOOM_ADMINS: "flower-admin",
    });
    resetAuthSettingsForTests();
    prisma = createPrismaClient(db.url, 4);
    ingest = await startIngest({ prisma, brokerUrl: brokerUrl(), instanceId: "contract", log: pino({ level: "warn" }), healthIntervalMs: 200, inspector: { inspectIntervalMs: 1_000, enableEventsIntervalMs: 60_000 } });
    await waitFor("broker connected", () => ingest.source.status().state === "connected", { timeoutMs: 20_000 });
    worker = await startCeleryWorker({ brokerUrl: brokerUrl(), backendUrl: backendUrl(), hostname, concurrency: 2 });
    sent = await sendScenario(brokerUrl(), "basic", { backendUrl: backendUrl(), wait: 30 });
    await waitFor("tasks stored in a final state", async () => {
      const rows = await prisma.task.findMany({ where: { uuid: { in: sent.task_ids } }, select: { state: true } });
      return rows.length === sent.task_ids.length && rows.every((row) => ["SUCCESS", "FAILURE"].includes(row.state)) ? true : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    await waitFor("worker inspected", () => prisma.worker.findUnique({ where: { hostname } }).then((row) => (row?.stats && row.registered && row.activeQueues ? true : undefined)), { timeoutMs: 30_000 });
    const probe = createQueueProbe(brokerUrl(), pino({ level: "silent" }));
    await sampleQueueDepths(prisma, probe, ["celery"]);
    await probe.close();
  });

  afterAll(async () => {
    await worker?.stop();
    await ingest?.stop();
    await prisma?.$disconnect();
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
    await drop?.();
  });

  const id = (label: string) => sent.tasks.find((task) => task.label === label)?.id ?? "";

  it("GET /api/workers, ?workername, ?status, ?refresh", async () => {
    const all = await call("workers");
    expect(all.status).toBe(200);
    expect(Object.keys(all.json as object)).toEqual([hostname]);
    expect(shapeDiff((all.json as Record<string, unknown>)[hostname], firstValue(flower("workers").body), "worker", 1)).toEqual([]);
    const one = await call("workers", { query: { workername: hostname } });
    expect(Object.keys(one.json as object)).toEqual([hostname]);
    const status = await call("workers", { query: { status: "true" } });
    expect(status.json).toEqual({ [hostname]: true });
    expect(typeof firstValue(flower("workers-status").body)).toBe("boolean");
    const refreshed = await call("workers", { query: { refresh: "1", workername: hostname } });
    expect(refreshed.status).toBe(200);
    expect(shapeDiff((refreshed.json as Record<string, unknown>)[hostname], firstValue(flower("workers-refresh").body), "worker", 1)).toEqual([]);
    expect((await call("workers", { query: { workername: "nobody@nowhere" } })).status).toBe(flower("workers-unknown").status);
    const bad = await call("workers", { query: { refresh: "maybe" } });
    expect([bad.status, flower("workers-bad-refresh").status]).toEqual([400, 400]);
    expect(bad.json).toMatchObject({ error: { message: expect.stringMatching(/^refresh: /) } });
  });

  it("GET /api/tasks with Flower's parameters", async () => {
    const all = await call("tasks");
    expect(all.status).toBe(200);
    const tasks = all.json as Record<string, Record<string, unknown>>;
    for (const taskId of sent.task_ids) expect(tasks[taskId], taskId).toBeDefined();
    expect(shapeDiff(tasks[id("fail")], firstValue(flower("tasks-state").body), "task", 1)).toEqual([]);
    expect(shapeDiff(tasks[id("add")], firstValue(flower("tasks").body), "task", 1)).toEqual([]);
    expect(tasks[id("fail")]).toMatchObject({ state: "FAILURE", worker: hostname, exception: expect.stringContaining("boom"), traceback: expect.stringContaining("Traceback") });

    const page = Object.keys((await call("tasks", { query: { limit: "2", offset: "1" } })).json as object);
    expect(page).toEqual(Object.keys(tasks).slice(1, 3));
    const failures = (await call("tasks", { query: { state: "FAILURE" } })).json as Record<string, { state: string }>;
    expect(Object.values(failures).map((task) => task.state)).toEqual(["FAILURE"]);
    const muls = (await call("tasks", { query: { taskname: "bloom_sample.mul" } })).json as Record<string, { name: string }>;
    expect(Object.keys(muls)).toEqual([id("mul")]);
    expect(Object.keys((await call("tasks", { query: { workername: hostname, limit: "1" } })).json as object)).toHaveLength(1);
    const byName = Object.values((await call("tasks", { query: { sort_by: "name" } })).json as Record<string, { name: string }>).map((task) => task.name);
    expect(byName).toEqual([...byName].sort());
    const received = Object.values((await call("tasks", { query: { sort_by: "received" } })).json as Record<string, { received: number }>).map((task) => task.received);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    const inRange = await call("tasks", { query: { received_start: "2000-01-01 00:00", received_end: "2100-01-01 00:00", limit: "2" } });
    expect(Object.keys(inRange.json as object)).toHaveLength(2);
    const searched = (await call("tasks", { query: { search: "boom" } })).json as Record<string, unknown>;
    expect(Object.keys(searched)).toContain(id("fail"));
    const byState = (await call("tasks", { query: { search: "state:FAILURE" } })).json as Record<string, unknown>;
    expect(Object.keys(byState)).toEqual(Object.keys(failures));
  });

  it.each([
    ["tasks-bad-search", "search"],
    ["tasks-bad-limit", "limit"],
    ["tasks-bad-offset", "offset"],
    ["tasks-bad-sort", "sort_by"],
    ["tasks-bad-received-start", "received_start"],
  ])("GET /api/tasks answers 400 naming the parameter where Flower answered %s", async (name, param) => {
    const theirs = flower(name);
    const ours = await call("tasks", { query: theirs.request.query });
    expect(ours.status).toBe(400);
    expect([400, 500]).toContain(theirs.status);
    expect(ours.json).toMatchObject({ error: { code: "invalid_parameter", message: expect.stringMatching(new RegExp(`^${param}: `)) } });
  });

  it("GET /api/task/types, /api/queues/length, /api/workers/stats", async () => {
    const types = await call("task/types");
    expect(shapeDiff(types.json, flower("task-types").body, "types", 2)).toEqual([]);
    expect((types.json as { "task-types": string[] })["task-types"]).toEqual(expect.arrayContaining(["bloom_sample.add", "bloom_sample.fail"]));
    const queues = await call("queues/length");
    expect(shapeDiff(queues.json, flower("queues-length").body, "queues", 3)).toEqual([]);
    expect((queues.json as { active_queues: { name: string }[] }).active_queues.map((queue) => queue.name)).toContain("celery");
    const stats = await call("workers/stats");
    expect(stats.status).toBe(200);
    expect((stats.json as Record<string, unknown>)[hostname]).toMatchObject({ status: "online", failed: 1, stats: expect.objectContaining({ pool: expect.any(Object) }) });
    expect(flower("workers-stats").status).toBe(404); // Flower has no such endpoint
  });

  it("GET /api/task/info/<id> and /api/task/result/<id>", async () => {
    for (const [label, name] of [["add", "task-info-success"], ["fail", "task-info-failure"], ["retry_n", "task-info-retry"]] as const) {
      const info = await call("task/info/[id]", { params: { id: id(label) } });
      expect(info.status).toBe(200);
      expect(shapeDiff(info.json, flower(name).body, name, 1)).toEqual([]);
    }
    expect((await call("task/info/[id]", { params: { id: "00000000-0000-0000-0000-000000000000" } })).status).toBe(flower("task-info-unknown").status);
    for (const [label, name] of [["add", "task-result-success"], ["fail", "task-result-failure"]] as const) {
      const result = await call("task/result/[id]", { params: { id: id(label) } });
      expect(result.status).toBe(200);
      expect(shapeDiff(result.json, flower(name).body, name, 1)).toEqual([]);
    }
    expect((await call("task/result/[id]", { params: { id: id("add") } })).json).toMatchObject({ result: 5, state: "SUCCESS" });
    expect((await call("task/result/[id]", { params: { id: id("fail") } })).json).toMatchObject({ result: "ValueError('boom')" });
    const unknown = await call("task/result/[id]", { params: { id: "00000000-0000-0000-0000-000000000000" } });
    expect(unknown.json).toEqual(flower("task-result-unknown").body);
    expect((await call("task/result/[id]", { params: { id: id("add") }, query: { timeout: "soon" } })).status).toBe(400);
  });

  it("POST task sending: apply waits for the result, async-apply and send-task do not", async () => {
    const applied = await call("task/apply/[name]", { method: "POST", as: "admin", params: { name: "bloom_sample.add" }, body: { args: [1, 2] } });
    expect(applied.status).toBe(200);
    expect(shapeDiff(applied.json, flower("task-apply").body, "apply", 1)).toEqual([]);
    expect(applied.json).toMatchObject({ result: 3, state: "SUCCESS" });
    const failed = await call("task/apply/[name]", { method: "POST", as: "admin", params: { name: "bloom_sample.fail" }, body: { args: ["apply-boom"] } });
    expect(shapeDiff(failed.json, flower("task-apply-failure").body, "apply-failure", 1)).toEqual([]);
    for (const [path, name] of [["task/async-apply/[name]", "task-async-apply"], ["task/send-task/[name]", "task-send-task"]] as const) {
      const answer = await call(path, { method: "POST", as: "admin", params: { name: "bloom_sample.mul" }, body: { args: [3, 4], kwargs: {} } });
      expect(answer.status).toBe(200);
      expect(shapeDiff(answer.json, flower(name).body, name, 1)).toEqual([]);
    }
    expect((await call("task/apply/[name]", { method: "POST", as: "admin", params: { name: "nope.nothing" }, body: { args: [1] } })).status).toBe(flower("task-apply-unknown").status);
    expect((await call("task/apply/[name]", { method: "POST", as: "admin", params: { name: "bloom_sample.add" }, body: { args: "1,2" } })).status).toBe(flower("task-apply-bad-args").status);
    expect((await call("task/async-apply/[name]", { method: "POST", as: "admin", params: { name: "bloom_sample.add" }, body: { args: [1, 2], eta: "tomorrow" } })).status).toBe(flower("task-async-apply-bad-option").status);
    expect((await call("task/send-task/[name]", { method: "POST", as: "viewer", params: { name: "bloom_sample.add" }, body: { args: [1, 2] } })).status).toBe(403);
  });

  it("POST worker and task control, with Flower's messages and status codes", async () => {
    const post = (path: string, name: string, options: { query?: Record<string, string>; form?: Record<string, string> } = {}) =>
      call(path, { method: "POST", as: "admin", params: { [path.includes("[id]") ? "id" : "name"]: name }, ...options });
    const expectLike = async (answer: Promise<Awaited<ReturnType<typeof call>>>, fixtureName: string) => {
      const ours = await answer;
      const theirs = flower(fixtureName);
      expect(ours.status, fixtureName).toBe(theirs.status);
      if (theirs.status === 200) expect(shapeDiff(ours.json, theirs.body, fixtureName, 1)).toEqual([]);
      return ours;
    };
    expect((await expectLike(post("worker/pool/grow/[name]", hostname, { query: { n: "1" } }), "worker-pool-grow")).json).toEqual({ message: `Growing '${hostname}' worker's pool by 1` });
    await expectLike(post("worker/pool/shrink/[name]", hostname, { query: { n: "1" } }), "worker-pool-shrink");
    expect((await post("worker/pool/grow/[name]", hostname, { query: { n: "two" } })).status).toBe(flower("worker-pool-grow-bad-n").status);
    expect((await post("worker/pool/grow/[name]", "nobody@nowhere")).status).toBe(flower("worker-pool-grow-unknown").status);
    await expectLike(post("worker/pool/autoscale/[name]", hostname, { query: { min: "1", max: "3" } }), "worker-pool-autoscale-not-enabled");
    expect((await post("worker/pool/autoscale/[name]", hostname, { query: { min: "1" } })).status).toBe(flower("worker-pool-autoscale-missing").status);
    expect((await expectLike(post("worker/queue/add-consumer/[name]", hostname, { query: { queue: "extra" } }), "worker-queue-add-consumer")).json).toEqual({ message: "add consumer extra" });
    await expectLike(post("worker/queue/cancel-consumer/[name]", hostname, { query: { queue: "extra" } }), "worker-queue-cancel-consumer");
    // Flower sends queue=[] here and the worker dies; Bloom refuses the request.
    expect((await post("worker/queue/add-consumer/[name]", hostname)).json).toMatchObject({ error: { message: expect.stringMatching(/^queue: /) } });
    await expectLike(post("task/timeout/[name]", "bloom_sample.sleep", { form: { soft: "30", hard: "100", workername: hostname } }), "task-timeout");
    expect((await post("task/timeout/[name]", "bloom_sample.sleep", { query: { soft: "long", workername: hostname } })).status).toBe(flower("task-timeout-bad-soft").status);
    await expectLike(post("task/rate-limit/[name]", "bloom_sample.add", { form: { ratelimit: "200", workername: hostname } }), "task-rate-limit");
    await expectLike(post("task/rate-limit/[name]", "bloom_sample.add", { query: { ratelimit: "10/m", workername: hostname } }), "task-rate-limit-query");
    await expectLike(post("task/revoke/[id]", id("sleep"), { query: { terminate: "true", signal: "SIGKILL" } }), "task-revoke");
    expect((await post("task/revoke/[id]", id("sleep"), { query: { terminate: "perhaps" } })).status).toBe(flower("task-revoke-bad-terminate").status);
    await expectLike(post("worker/pool/restart/[name]", hostname), "worker-pool-restart");
    expect((await post("worker/shutdown/[name]", "nobody@nowhere")).status).toBe(flower("worker-shutdown-unknown").status);
  });

  it("GET /metrics parses strictly and carries Flower's families with the real worker's numbers", async () => {
    const response = await call("../metrics");
    expect(response.status).toBe(200);
    const families = parsePrometheusText(response.text);
    const events = families.get("flower_events_total")?.samples ?? [];
    const count = (type: string) => events.filter((sample) => sample.labels.worker === hostname && sample.labels.type === type).reduce((sum, sample) => sum + sample.value, 0);
    const stored = await prisma.taskEvent.count({ where: { hostname, type: "task-failed" } });
    expect(count("task-failed")).toBe(stored);
    expect(count("task-succeeded")).toBe(await prisma.taskEvent.count({ where: { hostname, type: "task-succeeded" } }));
    const runtimeCount = families.get("flower_task_runtime_seconds")?.samples.find((sample) => sample.name === "flower_task_runtime_seconds_count" && sample.labels.task === "bloom_sample.sleep");
    expect(runtimeCount?.value).toBeGreaterThanOrEqual(1);
    expect(families.get("flower_worker_online")?.samples.find((sample) => sample.labels.worker === hostname)?.value).toBe(1);
    expect(families.get("bloom_tasks")?.samples.reduce((sum, sample) => sum + sample.value, 0)).toBe(await prisma.task.count());
    expect(families.get("bloom_queue_length")?.samples.map((sample) => sample.labels.queue)).toContain("celery");
    expect((await call("../metrics", { as: null })).status).toBe(401);
  });

  it("GET /healthcheck and /api/v1/health", async () => {
    const { GET: healthcheck } = await import("@/app/healthcheck/route");
    const ok = await healthcheck();
    expect([ok.status, await ok.text()]).toEqual([200, "OK"]);
    const detail = await call("v1/health", { as: null });
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ status: "ok", database: "up", ingest: "running", broker: "connected", ingestLagSeconds: expect.any(Number) });
  });
});
