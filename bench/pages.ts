/**
 * `npm run bench -- pages`: how fast the tasks page reads its rows with 1M tasks in
 * PostgreSQL, next to Flower's figure from the issue (289 ms per tasks page at 100k tasks; it
 * cannot hold 1M).
 *
 * A fresh database on the rig's PostgreSQL 15 gets Bloom's migrations and N generated tasks
 * (bench/pages/fill.ts). Each scenario is a URL's worth of parameters, run through the real
 * service (lib/services/tasks.ts, Prisma and all) `--runs` times: that is the "service" time.
 * The statements it sent are captured from Prisma's query log and replayed with EXPLAIN
 * ANALYZE on a plain connection, `--runs` times: the "server" time (planning + execution
 * inside PostgreSQL). One EXPLAIN (ANALYZE, BUFFERS) plan per statement is printed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { startPostgres } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { listDistinctTaskValues } from "@/lib/repositories/task-filter-values";
import { listTaskRows } from "@/lib/repositories/task-queries";
import { countTasksByState as countStateRows } from "@/lib/repositories/task-state-counts";
import { encodeCursor, PAGE_SIZE } from "@/lib/schemas/paging";
import { taskListParams, type TaskListParams } from "@/lib/schemas/task-list";
import { MAX_KNOWN_NAMES, toTaskFilter } from "@/lib/services/task-filter";
import { countTasksByState, listTasks } from "@/lib/services/tasks";
import { markdownTable } from "./ingest/report";
import { explainPlans, serverTime, type CapturedStatement } from "./pages/explain";
import { fillTasks } from "./pages/fill";

const FLOWER_MS_AT_100K = 289;
const USAGE = `usage: npm run bench -- pages [--rows 1000000] [--runs 30] [--out FILE] [--no-plans]`;

type Scenario = {
  key: string;
  label: string;
  /** the tasks page URL's query string */
  query: string;
  kind: "page" | "counts";
  targetMs?: number;
};

type Stats = { p50: number; p95: number; min: number; max: number };
type ScenarioResult = { key: string; label: string; query: string; rows: number; service: Stats; server: Stats; statements: number; targetMs: number | null; plans: string[] };

function log(line: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { rows: { type: "string" }, runs: { type: "string" }, out: { type: "string" }, "no-plans": { type: "boolean" }, help: { type: "boolean" } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rows = Number(values.rows ?? 1_000_000);
  const runs = Number(values.runs ?? 30);
  if (!Number.isInteger(rows) || rows < 1_000 || !Number.isInteger(runs) || runs < 1) throw new Error(`bad --rows/--runs\n${USAGE}`);

  const startedAt = new Date();
  log("starting PostgreSQL (test rig)…");
  const server = await startPostgres({ database: "bench_admin" });
  const database = await createMigratedDatabase(server.url, "bench_pages");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const captured: CapturedStatement[] = [];
  const capturing = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 2 }), log: [{ emit: "event", level: "query" }] });
  capturing.$on("query", (event) => captured.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }));
  try {
    const fill = await fillTasks(client, rows, log);
    log(`filled in ${((fill.insertMs + fill.indexMs + fill.analyzeMs) / 1000).toFixed(0)} s (insert ${(fill.insertMs / 1000).toFixed(0)} s, indexes ${(fill.indexMs / 1000).toFixed(0)} s)`);
    // The services read through the app's own client (lib/db/client.ts), as the page does.
    process.env.DATABASE_URL = database.url;

    const scenarios = await defineScenarios(client, rows);
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      log(`${scenario.key}: ${scenario.label}`);
      results.push(await measure(scenario, runs, client, capturing, captured, !values["no-plans"]));
    }
    report(results, rows, runs);
    const file = values.out ? resolve(values.out) : join(import.meta.dirname, "results", `pages-${startedAt.toISOString().slice(0, 16).replace(/:/g, "-")}.json`);
    mkdirSync(resolve(file, ".."), { recursive: true });
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          benchmark: "pages",
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", loadavg: os.loadavg(), postgres: server.version },
          rows,
          runs,
          fill,
          flowerBaseline: { msPerTasksPage: FLOWER_MS_AT_100K, atTasks: 100_000, source: "issue: Flower 2.1, same 2-core machine" },
          results,
        },
        null,
        2,
      )}\n`,
    );
    log(`results: ${file}`);
  } finally {
    await capturing.$disconnect();
    await client.end();
    await database.drop();
    await server.dispose();
  }
}

/** The URLs measured; anchors (a mid-table cursor, a real id, a rare value) come from the data. */
async function defineScenarios(client: pg.Client, rows: number): Promise<Scenario[]> {
  // OFFSET here only finds an anchor for the deep-page scenario; the product never uses it.
  const { rows: middle } = await client.query<{ uuid: string; value: string }>(
    "SELECT uuid, received_at::text AS value FROM tasks WHERE received_at IS NOT NULL ORDER BY received_at DESC, uuid DESC OFFSET $1 LIMIT 1",
    [Math.floor(rows / 2)],
  );
  const { rows: sample } = await client.query<{ uuid: string }>("SELECT uuid FROM tasks WHERE state = 'SUCCESS' ORDER BY received_at LIMIT 1 OFFSET 1000");
  const anchor = middle[0];
  const idPrefix = sample[0]?.uuid.slice(0, 8) ?? "00000000";
  const deepCursor = anchor ? encodeCursor({ s: "received", d: "desc", v: anchor.value, id: anchor.uuid }) : "";
  return [
    { key: "first-page", label: "first page, newest received first (no filter)", query: "", kind: "page", targetMs: 50 },
    { key: "deep-page", label: `page after row ${Math.floor(rows / 2).toLocaleString("en-US")} (keyset cursor)`, query: `after=${deepCursor}`, kind: "page", targetMs: 50 },
    { key: "state-failure", label: "state=FAILURE", query: "state=FAILURE", kind: "page", targetMs: 50 },
    { key: "sort-runtime", label: "sort by runtime, longest first", query: "sort=runtime", kind: "page", targetMs: 50 },
    { key: "search-failure-common", label: "state=FAILURE + search “timeout” (common among failures)", query: "state=FAILURE&q=timeout", kind: "page", targetMs: 100 },
    { key: "search-name-rare", label: "name=emails.send + search “user4242@” (rare)", query: "name=emails.send&q=user4242@", kind: "page", targetMs: 100 },
    { key: "search-failure-rare", label: "state=FAILURE + search “invalid order 424” (rare)", query: "state=FAILURE&q=invalid order 424", kind: "page", targetMs: 100 },
    { key: "search-rare", label: "search “user4242@example.com” (no filter)", query: "q=user4242@example.com", kind: "page", targetMs: 100 },
    { key: "search-id-prefix", label: `search a task id prefix (“${idPrefix}”)`, query: `q=${idPrefix}`, kind: "page", targetMs: 100 },
    { key: "search-24h-worker", label: "last 24 h + worker + search “bounce” (a task name)", query: "range=24h&worker=celery@worker-3.prod&q=bounce", kind: "page", targetMs: 100 },
    { key: "counts", label: "state counts, no filter (each capped at 10,000)", query: "", kind: "counts" },
    { key: "counts-24h-queue", label: "state counts, last 24 h + queue=io", query: "range=24h&queue=io", kind: "counts" },
    { key: "counts-7d", label: "state counts, last 7 days (matches nearly every row)", query: "range=7d", kind: "counts" },
    { key: "counts-search", label: "state counts, search “timeout”", query: "q=timeout", kind: "counts" },
  ];
}

async function measure(scenario: Scenario, runs: number, client: pg.Client, capturing: PrismaClient, captured: CapturedStatement[], withPlans: boolean): Promise<ScenarioResult> {
  const params: TaskListParams = taskListParams.parse(Object.fromEntries(new URLSearchParams(scenario.query)));
  const now = new Date();
  const call = async (): Promise<number> => (scenario.kind === "page" ? (await listTasks(params, now)).rows.length : (await countTasksByState(params, now)).counts.length);

  for (let i = 0; i < 3; i++) await call(); // warm caches and the client's pool
  const serviceSamples: number[] = [];
  let resultRows = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    resultRows = await call();
    serviceSamples.push(performance.now() - started);
  }

  // The same request's statements, through a client that logs them (the service's sequence).
  captured.length = 0;
  const filter = await toTaskFilter(params, now);
  if (params.q !== undefined) await listDistinctTaskValues("name", MAX_KNOWN_NAMES, capturing);
  if (scenario.kind === "page") {
    const from = params.after ? { position: decodePosition(params.after), direction: "after" as const } : undefined;
    await listTaskRows({ filter, sort: params.sort, dir: params.dir, ...(from ? { from } : {}), limit: PAGE_SIZE + 1 }, capturing);
  } else {
    await countStateRows(filter, capturing);
  }
  const statements = [...captured];
  const serverSamples: number[] = [];
  for (let i = 0; i < runs; i++) serverSamples.push(await serverTime(client, statements));
  return {
    key: scenario.key,
    label: scenario.label,
    query: scenario.query,
    rows: resultRows,
    service: stats(serviceSamples),
    server: stats(serverSamples),
    statements: statements.filter((s) => !/^\s*(BEGIN|COMMIT|SET)/i.test(s.query)).length,
    targetMs: scenario.targetMs ?? null,
    plans: withPlans ? await explainPlans(client, statements) : [],
  };
}

function decodePosition(cursor: string): { value: string | null; uuid: string } {
  const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { v: string | null; id: string };
  return { value: payload.v, uuid: payload.id };
}

function report(results: ScenarioResult[], rows: number, runs: number): void {
  const out: string[] = [];
  out.push(`### Bloom tasks page with ${rows.toLocaleString("en-US")} tasks (PostgreSQL 15, ${runs} runs each, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)})`, "");
  out.push(
    markdownTable(
      ["scenario", "rows", "server p50", "server p95", "service p50", "service p95", "target", "Flower 2.1"],
      results.map((r) => [
        r.label,
        String(r.rows),
        ms(r.server.p50),
        ms(r.server.p95),
        ms(r.service.p50),
        ms(r.service.p95),
        r.targetMs === null ? "—" : `< ${r.targetMs} ms ${r.service.p95 < r.targetMs ? "✓" : "✗"}`,
        r.key === "first-page" ? `${FLOWER_MS_AT_100K} ms at 100k; cannot hold 1M` : "—",
      ]),
    ),
    "",
    "server = planning + execution inside PostgreSQL (EXPLAIN ANALYZE of the statements the service sent); service = lib/services/tasks.ts end to end (Prisma, driver, every statement of the request).",
    "",
  );
  for (const r of results) {
    if (r.plans.length === 0) continue;
    out.push(`#### ${r.label}  (${r.statements} statement${r.statements === 1 ? "" : "s"})`, "", "```", ...r.plans.flatMap((plan) => [plan, ""]), "```", "");
  }
  process.stdout.write(`${out.join("\n")}\n`);
}
