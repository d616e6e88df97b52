import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { NextRequest } from "next/server";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { celeryEnv, PYTHON, SAMPLE_APP_DIR, sendScenario, startCeleryWorker, waitFor, type CeleryWorker } from "@/e2e/rig";
import { run } from "@/e2e/rig/wait";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { resetAuthSettingsForTests } from "@/lib/auth/auth-settings";
import { resultMetaKey } from "@/lib/celery/result-meta";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { API_V1_OPERATIONS } from "@/lib/openapi/operations";
import { ABORTED_RECORD_TTL_SECONDS } from "@/lib/services/control/abort";
import { closeResultBackend } from "@/lib/services/control/result-backend";
import { getOpenApiDocument } from "@/lib/services/openapi";
import { startIngest, type RunningIngest } from "@/worker/ingest/ingest-service";
import { createQueueProbe, sampleQueueDepths } from "@/worker/maintenance/queue-sampler";

/**
 * Bloom's own API against real servers: a real worker runs the sample app's tasks, the
 * ingest stores them in PostgreSQL, and each GET operation of /api/v1/openapi.json is called
 * the way a reader of the document would call it (its parameters' examples; path ids taken
 * from the live data, since the documented example ids exist nowhere). Every answer must be
 * what the operation's zod response schema says, without a field the document leaves out.
 * Then Flower's abort stops a real AbortableTask.
 */

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST", Handler>>;
type DocParameter = { name: string; in: "path" | "query"; example?: unknown };

describe("/api/v1 from its OpenAPI document, against real workers", () => {
  let prisma: PrismaClient;
  let ingest: RunningIngest;
  let worker: CeleryWorker;
  let drop: () => Promise<void>;
  let backend: Redis;
  let basic: Awaited<ReturnType<typeof sendScenario>>;
  let chain: Awaited<ReturnType<typeof sendScenario>>;
  const hostname = "v1-w1@bloomtest";
  const brokerUrl = () => inject("redisUrl");
  const backendUrl = () => inject("redisUrl").replace(/\/0$/, "/2");
  const auth = (user: "admin" | "viewer") => `Basic ${Buffer.from(`v1-${user}:pw-${user}`).toString("base64")}`;
  const doc = getOpenApiDocument();

  /** `/api/v1/tasks/{id}` → ./tasks/[id]/route.ts, called as Next would call it. */
  async function call(
    template: string,
    { method = "GET", params = {}, query = [], body, as = "admin" }: { method?: "GET" | "POST"; params?: Record<string, string>; query?: [string, string][]; body?: unknown; as?: "admin" | "viewer" },
  ) {
    const file = template.replace(/^\/api\/v1\//, "./").replace(/^\/api\//, "../").replace(/\{(\w+)\}/g, "[$1]");
    const handler = ((await import(/* @vite-ignore */ `${file}/route`)) as RouteModule)[method];
    if (!handler) throw new Error(`${template} has no ${method}`);
    const url = new URL(`http://bloom.test${template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(params[key] ?? ""))}`);
    for (const [key, value] of query) url.searchParams.append(key, value);
    const headers: Record<string, string> = { authorization: auth(as) };
    const init: { method: string; headers: Record<string, string>; body?: string } = { method, headers };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    // NextRequest, as Next hands it over (the export route reads request.nextUrl).
    const response = await handler(new NextRequest(url, init), { params: Promise.resolve(params) });
    const text = await response.text();
    return { status: response.status, type: response.headers.get("content-type") ?? "", json: (response.headers.get("content-type") ?? "").includes("json") ? (JSON.parse(text) as unknown) : text };
  }

  /** The query string a reader builds from the document: each example, lists repeated. */
  function exampleQuery(parameters: DocParameter[]): [string, string][] {
    return parameters
      .filter((param) => param.in === "query" && param.example !== undefined)
      .flatMap((param) => (Array.isArray(param.example) ? param.example : [param.example]).map((value): [string, string] => [param.name, String(value)]));
  }

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_api_v1");
    drop = db.drop;
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      CELERY_BROKER_URL: brokerUrl(),
      CELERY_RESULT_BACKEND: backendUrl(),
      BLOOM_BASIC_AUTH: "v1-admin:pw-admin,v1-viewer:pw-viewer",
      BLOOM_ADMINS: "v1-admin",
    });
    resetAuthSettingsForTests();
    prisma = createPrismaClient(db.url, 4);
    backend = new Redis(backendUrl(), { lazyConnect: true });
    await backend.connect();
    ingest = await startIngest({ prisma, brokerUrl: brokerUrl(), instanceId: "api-v1", log: pino({ level: "warn" }), healthIntervalMs: 200, inspector: { inspectIntervalMs: 1_000, enableEventsIntervalMs: 60_000 } });
    await waitFor("broker connected", () => ingest.source.status().state === "connected", { timeoutMs: 20_000 });
    worker = await startCeleryWorker({ brokerUrl: brokerUrl(), backendUrl: backendUrl(), hostname, concurrency: 2 });
    basic = await sendScenario(brokerUrl(), "basic", { backendUrl: backendUrl(), wait: 30 });
    chain = await sendScenario(brokerUrl(), "chain", { backendUrl: backendUrl(), wait: 30 });
    const ids = [...basic.task_ids, ...chain.task_ids];
    await waitFor("tasks stored in a final state", async () => {
      const rows = await prisma.task.findMany({ where: { uuid: { in: ids } }, select: { state: true } });
      return rows.length === ids.length && rows.every((row) => ["SUCCESS", "FAILURE"].includes(row.state)) ? true : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200 });
    await waitFor("worker inspected", () => prisma.worker.findUnique({ where: { hostname } }).then((row) => (row?.stats && row.registered && row.activeQueues ? true : undefined)), { timeoutMs: 30_000 });
    const probe = createQueueProbe(brokerUrl(), pino({ level: "silent" }));
    await sampleQueueDepths(prisma, probe, ["celery", "io"]);
    await probe.close();
  });

  afterAll(async () => {
    await worker?.stop();
    await ingest?.stop();
    await prisma?.$disconnect();
    backend?.disconnect();
    await closeResultBackend();
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
    await drop?.();
  });

  const id = (scenario: typeof basic, label: string) => scenario.tasks.find((task) => task.label === label)?.id ?? "";

  it("answers every GET operation, called with the document's examples, with what its response schema says", async () => {
    const live: Record<string, string> = { id: id(chain, "step1"), hostname };
    const called: string[] = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      const operation = item.get as { operationId: string; parameters: DocParameter[] } | undefined;
      if (!operation) continue;
      const params = Object.fromEntries(operation.parameters.filter((param) => param.in === "path").map((param) => [param.name, live[param.name] ?? String(param.example)]));
      const answer = await call(template, { params, query: exampleQuery(operation.parameters) });
      expect(answer.status, `${template}: ${JSON.stringify(answer.json)}`).toBe(200);
      expect(answer.type, template).toContain("application/json");
      const schema = API_V1_OPERATIONS.find((candidate) => candidate.operationId === operation.operationId)?.response;
      const parsed = schema?.safeParse(answer.json);
      expect(parsed?.error, template).toBeUndefined();
      // Parsing drops fields the schema does not declare: equal means the document lists them all.
      expect(parsed?.data, template).toEqual(answer.json);
      called.push(operation.operationId);
    }
    expect(called).toEqual(expect.arrayContaining(["listTasks", "getTask", "getTaskEvents", "getTaskResult", "exportTasks", "listWorkers", "getWorker", "inspectWorker", "getStats", "listQueues", "listAudit", "getHealth", "getOpenApiDocument"]));
  });

  it("pages through the tasks page's filter with cursors, forwards and back", async () => {
    const parameters = doc.paths["/api/v1/tasks"]?.get?.parameters as DocParameter[];
    const query = exampleQuery(parameters); // state=SUCCESS&state=FAILURE&range=24h&sort=received&dir=desc&limit=2
    const pages: string[][] = [];
    let after: string | null = null;
    do {
      const answer = await call("/api/v1/tasks", { as: "viewer", query: [...query, ...(after ? [["after", after] as [string, string]] : [])] });
      const page = answer.json as { tasks: { uuid: string; state: string }[]; next: string | null; previous: string | null };
      expect(page.tasks.every((task) => ["SUCCESS", "FAILURE"].includes(task.state))).toBe(true);
      pages.push(page.tasks.map((task) => task.uuid));
      after = page.next;
    } while (after !== null && pages.length < 50);
    const expected = await prisma.task.findMany({
      where: { state: { in: ["SUCCESS", "FAILURE"] }, receivedAt: { gte: new Date(Date.now() - 86_400_000) } },
      orderBy: [{ receivedAt: "desc" }, { uuid: "desc" }],
      select: { uuid: true },
    });
    expect(pages.flat()).toEqual(expected.map((row) => row.uuid));
    expect(pages.flat().length).toBeGreaterThanOrEqual(8);
    expect(pages.every((page, i) => page.length === 2 || i === pages.length - 1)).toBe(true);

    const second = (await call("/api/v1/tasks", { as: "viewer", query: [...query, ["after", ((await call("/api/v1/tasks", { as: "viewer", query })).json as { next: string }).next]] })).json as { previous: string };
    const back = (await call("/api/v1/tasks", { as: "viewer", query: [...query, ["before", second.previous]] })).json as { tasks: { uuid: string }[] };
    expect(back.tasks.map((task) => task.uuid)).toEqual(pages[0]);

    const bad = await call("/api/v1/tasks", { as: "viewer", query: [["limit", "5000"]] });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: "invalid_parameter", message: expect.stringMatching(/^limit: /) } });
  });

  it("gives a task with its family and its timeline, and 404 for an unknown id", async () => {
    const detail = (await call("/api/v1/tasks/{id}", { as: "viewer", params: { id: id(chain, "step1") } })).json as { task: { name: string; state: string }; family: { tree: { uuid: string; children: unknown[] }[]; shown: number } };
    expect(detail.task).toMatchObject({ name: "bloom_sample.mul", state: "SUCCESS" });
    expect(detail.family.shown).toBe(3);
    const ids = (nodes: { uuid: string; children: unknown[] }[]): string[] => nodes.flatMap((node) => [node.uuid, ...ids(node.children as typeof nodes)]);
    expect(ids(detail.family.tree).sort()).toEqual([...chain.task_ids].sort());

    const timeline = (await call("/api/v1/tasks/{id}/events", { as: "viewer", params: { id: id(basic, "add") } })).json as { events: { type: string; hostname: string }[] };
    expect(timeline.events.map((event) => event.type)).toEqual(expect.arrayContaining(["task-received", "task-started", "task-succeeded"]));
    expect(timeline.events.find((event) => event.type === "task-succeeded")?.hostname).toBe(hostname);

    for (const template of ["/api/v1/tasks/{id}", "/api/v1/tasks/{id}/events"]) {
      expect((await call(template, { as: "viewer", params: { id: randomUUID() } })).status).toBe(404);
    }
    expect((await call("/api/v1/workers/{hostname}", { as: "viewer", params: { hostname: "nobody@nowhere" } })).status).toBe(404);
  });

  it("reports rollups per state and task name over a window", async () => {
    const stats = (await call("/api/v1/stats", { as: "viewer", query: [["window", "1h"]] })).json as { states: Record<string, number>; summary: { failed: number }; byName: { name: string; succeeded: number }[] };
    expect(stats.states.FAILURE).toBeGreaterThanOrEqual(1);
    expect(stats.summary.failed).toBe(stats.states.FAILURE);
    expect(stats.byName.find((row) => row.name === "bloom_sample.add")?.succeeded).toBeGreaterThanOrEqual(3);
    expect((await call("/api/v1/stats", { as: "viewer", query: [["window", "2h"]] })).status).toBe(400);
    const queues = (await call("/api/v1/queues", { as: "viewer" })).json as { queues: { queue: string; depth: number }[] };
    expect(queues.queues.map((queue) => queue.queue)).toEqual(["celery", "io"]);
  });

  it("aborts a running AbortableTask through Flower's route, as Flower does", async () => {
    const sent = await call("/api/v1/tasks/send", { method: "POST", body: { name: "bloom_sample.abortable_loop", kwargs: { seconds: 120 } } });
    expect(sent.status).toBe(200);
    const taskId = (sent.json as { taskId: string }).taskId;
    await waitFor("the loop started", () => prisma.task.findUnique({ where: { uuid: taskId } }).then((row) => (row?.state === "STARTED" ? true : undefined)), { timeoutMs: 30_000 });

    expect((await call("/api/task/abort/{id}", { method: "POST", as: "viewer", params: { id: taskId } })).status).toBe(403);
    const aborted = await call("/api/task/abort/{id}", { method: "POST", params: { id: taskId } });
    const flower = JSON.parse(readFileSync(new URL("../../../e2e/flower-fixtures/task-abort.json", import.meta.url), "utf8")) as { status: number; body: { message: string } };
    expect(aborted.status).toBe(flower.status);
    expect(aborted.json).toEqual({ message: flower.body.message.replace(/'[^']+'/, `'${taskId}'`) });

    // The task saw is_aborted() and returned early, reporting so (the loop had two minutes left).
    const done = await waitFor("the task ended", () => prisma.task.findUnique({ where: { uuid: taskId } }).then((row) => (row?.state === "SUCCESS" ? row : undefined)), { timeoutMs: 30_000 });
    expect(done.result).toMatch(/'aborted': True/);
    const stored = await call("/api/v1/tasks/{id}/result", { params: { id: taskId }, as: "viewer" });
    expect(stored.json).toMatchObject({ state: "SUCCESS", result: { aborted: true } });
    const audit = await prisma.auditLog.findFirst({ where: { action: "control.abort", target: taskId, outcome: "ok" } });
    expect(audit?.actor).toBe("v1-admin");
  });

  it("stores exactly the bytes Celery's own AbortableAsyncResult.abort() stores, and leaves a success alone", async () => {
    const ours = randomUUID();
    const celerys = randomUUID();
    const answer = await call("/api/v1/tasks/{id}/abort", { method: "POST", params: { id: ours }, body: { allowUnknown: true } });
    expect(answer.json).toEqual({ taskId: ours, stored: true, previousState: "PENDING" });
    await run(PYTHON, ["-c", "import sys, bloom_sample\nfrom celery.contrib.abortable import AbortableAsyncResult\nAbortableAsyncResult(sys.argv[1], app=bloom_sample.app).abort()", celerys], {
      cwd: SAMPLE_APP_DIR,
      env: celeryEnv({ brokerUrl: brokerUrl(), backendUrl: backendUrl() }),
    });
    const [oursRaw, celerysRaw] = [await backend.get(resultMetaKey(ours)), await backend.get(resultMetaKey(celerys))];
    expect(oursRaw).not.toBeNull();
    expect(oursRaw?.replace(ours, "<id>")).toBe(celerysRaw?.replace(celerys, "<id>"));
    const [oursTtl, celerysTtl] = [await backend.ttl(resultMetaKey(ours)), await backend.ttl(resultMetaKey(celerys))];
    expect(Math.abs(oursTtl - celerysTtl)).toBeLessThanOrEqual(5);
    expect(oursTtl).toBeGreaterThan(ABORTED_RECORD_TTL_SECONDS - 60);

    // Celery skips the write when the backend already holds SUCCESS; so does Bloom.
    const finished = id(basic, "add");
    const before = await backend.get(resultMetaKey(finished));
    expect((await call("/api/v1/tasks/{id}/abort", { method: "POST", params: { id: finished }, body: {} })).json).toEqual({ taskId: finished, stored: false, previousState: "SUCCESS" });
    expect(await backend.get(resultMetaKey(finished))).toBe(before);
    // An id Bloom never saw needs allowUnknown on Bloom's route (Flower's takes any id).
    expect((await call("/api/v1/tasks/{id}/abort", { method: "POST", params: { id: randomUUID() }, body: {} })).status).toBe(404);
  });
});
