/**
 * `npm run bench -- control`: how long the console waits for the workers' answers, next to
 * Flower's figure from the issue (`/api/workers?refresh=1` takes 2,036 ms with 3 live workers
 * on this machine: Flower waits its whole timeout on every inspect).
 *
 * Real PostgreSQL, Redis and/or RabbitMQ and three real Celery 5.2 workers come from the test
 * rig; Bloom's ingest runs in-process so Postgres knows which workers are online (that list is
 * what ends each wait early). Measured through the real services, Prisma and broker included:
 * - refresh: `refreshWorkers` — stats, registered, active_queues and conf at once, replies
 *   stored in the workers table (what `?refresh=1` and the worker page's refresh do);
 * - inspect: `inspectWorkers` ping to every worker (one broadcast, early return).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { startCeleryWorker, startPostgres, startRabbit, startRedis, waitFor, type CeleryWorker } from "@/e2e/rig";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import type { Actor } from "@/lib/auth/actor";
import { createPrismaClient, getPrisma } from "@/lib/db/client";
import { inspectWorkers, refreshWorkers } from "@/lib/services/control";
import { closeControlChannel } from "@/lib/services/control/control-channel-instance";
import { startIngest } from "@/worker/ingest/ingest-service";
import { markdownTable } from "./ingest/report";

const FLOWER_REFRESH_MS = 2_036;
const TARGET_MS = 150;
const USAGE = "usage: npm run bench -- control [--broker redis|amqp|both] [--runs 50] [--timeout-ms 2000] [--out FILE]";
const ADMIN: Actor = { kind: "system", name: "bench", role: "admin" };

type Broker = "redis" | "amqp";
type Stats = { median: number; p90: number; min: number; max: number };
type BrokerResult = { broker: Broker; workers: string[]; refresh: Stats; ping: Stats; refreshTimeouts: number };

function log(line: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return { median: at(0.5), p90: at(0.9), min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { broker: { type: "string" }, runs: { type: "string" }, "timeout-ms": { type: "string" }, out: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const brokers: Broker[] = values.broker === "redis" ? ["redis"] : values.broker === "amqp" ? ["amqp"] : ["redis", "amqp"];
  const runs = Number(values.runs ?? 50);
  const timeoutMs = Number(values["timeout-ms"] ?? 2_000);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000) throw new Error(`bad --runs/--timeout-ms\n${USAGE}`);

  const startedAt = new Date();
  log("starting PostgreSQL (test rig)…");
  const postgres = await startPostgres({ database: "bench_admin" });
  const database = await createMigratedDatabase(postgres.url, "bench_control");
  // The services read through the app's own client (lib/db/client.ts), as the web app does.
  process.env.DATABASE_URL = database.url;
  const results: BrokerResult[] = [];
  try {
    for (const broker of brokers) results.push(await measureBroker(broker, database.url, runs, timeoutMs));
  } finally {
    await closeControlChannel();
    await getPrisma().$disconnect();
    await database.drop();
    await postgres.dispose();
  }

  process.stdout.write(
    `\n## control — console waits for 3 live workers (${runs} runs, timeout ${timeoutMs} ms)\n\n${markdownTable(
      ["broker", "refresh median", "refresh p90", "refresh max", "ping-all median", "ping-all p90", "Flower 2.1 ?refresh=1", "target"],
      results.map((r) => [r.broker, ms(r.refresh.median), ms(r.refresh.p90), ms(r.refresh.max), ms(r.ping.median), ms(r.ping.p90), `${FLOWER_REFRESH_MS.toLocaleString("en-US")} ms`, `< ${TARGET_MS} ms`]),
    )}\n\nrefresh = stats + registered + active_queues + conf at once, stored in Postgres (\`refreshWorkers\`); every run returned as soon as all 3 workers answered${results.some((r) => r.refreshTimeouts > 0) ? " (except the runs counted in the JSON's refreshTimeouts)" : ""}.\nFlower's figure is the issue's (Flower 2.1, Redis, same 2-core machine), quoted, not re-measured.\n`,
  );
  const file = values.out ? resolve(values.out) : join(import.meta.dirname, "results", `control-${startedAt.toISOString().slice(0, 16).replace(/:/g, "-")}.json`);
  mkdirSync(resolve(file, ".."), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: "control",
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", loadavg: os.loadavg() },
        runs,
        timeoutMs,
        flowerBaseline: { refreshMs: FLOWER_REFRESH_MS, workers: 3, source: "issue: Flower 2.1 /api/workers?refresh=1, same 2-core machine" },
        results,
      },
      null,
      2,
    )}\n`,
  );
  log(`results: ${file}`);
}

async function measureBroker(broker: Broker, databaseUrl: string, runs: number, timeoutMs: number): Promise<BrokerResult> {
  log(`${broker}: starting the broker and 3 workers…`);
  const server = broker === "redis" ? await startRedis() : await startRabbit();
  const brokerUrl = "url" in server ? server.url : server.amqpUrl;
  process.env.CELERY_BROKER_URL = brokerUrl;
  // The previous broker's workers are gone for good: they must not be waited for.
  await getPrisma().worker.deleteMany({});
  const ingestPrisma = createPrismaClient(databaseUrl, 4);
  const ingest = await startIngest({ prisma: ingestPrisma, brokerUrl, instanceId: `bench-${broker}`, log: pino({ level: "warn" }), inspector: false });
  const workers: CeleryWorker[] = [];
  try {
    workers.push(...(await Promise.all(["a", "b", "c"].map((n) => startCeleryWorker({ brokerUrl, hostname: `bench-${n}@bloomtest`, concurrency: 2 })))));
    const names = workers.map((worker) => worker.hostname);
    await waitFor("3 workers online in Postgres", async () => (await getPrisma().worker.count({ where: { hostname: { in: names }, status: "online" } })) === 3, { timeoutMs: 30_000, intervalMs: 100 });

    for (let i = 0; i < 3; i++) await refreshWorkers(ADMIN, { timeoutMs }); // connections and plans warm
    const refresh: number[] = [];
    let refreshTimeouts = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const result = await refreshWorkers(ADMIN, { timeoutMs });
      refresh.push(performance.now() - started);
      if (result.missing.length > 0 || result.refreshed.length !== 3) refreshTimeouts++;
    }
    const ping: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await inspectWorkers(ADMIN, { command: "ping", timeoutMs });
      ping.push(performance.now() - started);
    }
    const result = { broker, workers: names, refresh: stats(refresh), ping: stats(ping), refreshTimeouts };
    log(`${broker}: refresh median ${ms(result.refresh.median)}, p90 ${ms(result.refresh.p90)}; ping-all median ${ms(result.ping.median)}`);
    return result;
  } finally {
    await closeControlChannel();
    await Promise.all(workers.map((worker) => worker.stop()));
    await ingest.stop();
    await ingestPrisma.$disconnect();
    await server.dispose();
  }
}
