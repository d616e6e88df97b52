/**
 * `npm run bench -- ingest`: how fast Bloom's ingest worker persists Celery events, how late
 * they land, whether any are lost, and how much memory the worker needs for 1M tasks, on
 * real Redis and RabbitMQ, next to Flower 2.1's figures from the issue.
 *
 * Processes (all on this machine, like the 2-core baseline):
 *   benchmark (this)  → starts PostgreSQL / Redis / RabbitMQ through the test rig, samples lag
 *   generator child   → publishes wire-exact Celery traffic (bench/ingest/generator-process.ts)
 *   ingest worker     → the production bundle and flags (worker/launcher/process-bundles.ts), its RSS read from /proc
 * Method details: bench/ingest/lag-sampler.ts (lag), steps-phase.ts (rates), rss-phase.ts (memory).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, relative, resolve } from "node:path";
import { assertTestDepsInstalled, startPostgres, startRabbit, startRedis, type PostgresServer, type RabbitServer, type RedisServer } from "@/e2e/rig";
import { parseOptions, USAGE, type IngestBenchOptions } from "./ingest/options";
import type { BrokerKind } from "./ingest/publishers";
import { FLOWER_BASELINES, rssTable, stepsTable, summaryTable, TARGETS, type BrokerResult, type Results } from "./ingest/report";
import { machineBusyPercent } from "./ingest/proc-stats";
import { runRssPhase } from "./ingest/rss-phase";
import type { BrokerTarget, SessionContext } from "./ingest/session";
import { runStepsPhase } from "./ingest/steps-phase";
import { checkGeneratedWire } from "./ingest/wire-check";

const BENCH_DIR = import.meta.dirname;
const RESULTS_DIR = join(BENCH_DIR, "results");

type Servers = { postgres: PostgresServer; redis: RedisServer | undefined; rabbit: RabbitServer | undefined };

function log(line: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function startServers(brokers: readonly BrokerKind[]): Promise<Servers> {
  const started = await Promise.allSettled([
    startPostgres({ database: "bench_admin" }),
    brokers.includes("redis") ? startRedis() : Promise.resolve(undefined),
    brokers.includes("amqp") ? startRabbit() : Promise.resolve(undefined),
  ]);
  const [postgres, redis, rabbit] = started;
  if (postgres.status === "rejected" || redis?.status === "rejected" || rabbit?.status === "rejected") {
    await Promise.allSettled(started.flatMap((s) => (s.status === "fulfilled" && s.value ? [s.value.dispose()] : [])));
    throw new Error(`could not start the servers: ${started.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : [])).join("; ")}`);
  }
  return { postgres: postgres.value, redis: redis?.value, rabbit: rabbit?.value };
}

function brokerTarget(kind: BrokerKind, servers: Servers): BrokerTarget {
  if (kind === "redis") {
    if (!servers.redis) throw new Error("redis was not started");
    return { kind, url: servers.redis.url, pid: servers.redis.pid };
  }
  if (!servers.rabbit) throw new Error("rabbitmq was not started");
  return { kind, url: servers.rabbit.amqpUrl, pid: servers.rabbit.pid };
}

function machine(): Record<string, string | number> {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
  };
}

function writeResults(options: IngestBenchOptions, results: Results, startedAt: Date, busyBefore: number): string {
  const file = options.out ? resolve(options.out) : join(RESULTS_DIR, `ingest-${startedAt.toISOString().slice(0, 16).replace(/:/g, "-")}.json`);
  mkdirSync(resolve(file, ".."), { recursive: true });
  const { out: _out, ...flags } = options;
  const payload = {
    benchmark: "ingest",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `npm run bench -- ingest ${process.argv.slice(3).join(" ")}`.trim(),
    machine: { ...machine(), busyBeforePercentOfOneCore: busyBefore },
    options: flags,
    method: {
      lag: "upper bound: first 50 ms poll that sees the probe task in SUCCESS − timestamp of its task-succeeded event (set at publish); txStartLagMs: updated_at (transaction start) − timestamp, a lower bound",
      persistedTasksPerSec: "slope of the SUCCESS row count from 20 % into the step to its end (steady state; the lag cancels out)",
      lost: "tasks published − SUCCESS rows after the drain (drain ends when all are in, or after --drain-stall s without progress)",
      rss: "VmRSS of the ingest process after the backlog drained and 2 s idle; peak = VmHWM",
    },
    flowerBaselines: FLOWER_BASELINES,
    targets: TARGETS,
    results,
  };
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
}

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (!options) {
    process.stdout.write(USAGE);
    return;
  }
  assertTestDepsInstalled();
  checkGeneratedWire();
  const startedAt = new Date();
  const info = machine();
  log(`ingest benchmark on ${info.cpus} × ${info.cpuModel}, ${info.memoryGiB} GiB, node ${info.node}`);
  const busyBefore = await machineBusyPercent(2_000);
  log(`machine busy before the benchmark: ${busyBefore} % of one core (load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")})`);
  if (busyBefore > 20) log("warning: other processes are using the CPU; the figures will be lower than on a quiet machine (see the 'others' CPU column)");

  const servers = await startServers(options.brokers);
  log(`servers up: postgres :${servers.postgres.port}${servers.redis ? `, redis :${servers.redis.port}` : ""}${servers.rabbit ? `, rabbitmq :${servers.rabbit.port}` : ""}`);
  const profileDir = options.cpuProfile ? join(RESULTS_DIR, "profiles", startedAt.toISOString().slice(0, 16).replace(/:/g, "-")) : undefined;
  const context: SessionContext = { adminUrl: servers.postgres.url, postgresPid: servers.postgres.pid, options, profileDir, log };
  const results: Results = {};
  try {
    for (const kind of options.brokers) {
      const target = brokerTarget(kind, servers);
      const result: BrokerResult = { steps: null, rss: null };
      results[kind] = result;
      if (options.rates.length > 0) {
        result.steps = await runStepsPhase(context, target);
        process.stdout.write(`\n${stepsTable(kind, result.steps)}\n`);
      }
      if (options.rssTasks > 0) {
        result.rss = await runRssPhase(context, target);
        process.stdout.write(`\n${rssTable(kind, result.rss)}\n`);
      }
    }
  } finally {
    await Promise.allSettled([servers.postgres.dispose(), servers.redis?.dispose(), servers.rabbit?.dispose()]);
    log("servers stopped");
  }

  process.stdout.write(`\n${summaryTable(results)}\n\n`);
  process.stdout.write(
    [
      "lag = event published → row committed, upper bound (50 ms polling of every 50th task); persisted/s = slope of the",
      "SUCCESS row count from 20 % into the step to its end; drain = time after the step until all its tasks were stored;",
      "RSS = ingest process VmRSS after draining + 2 s idle; CPU in % of one core (the machine has 2 cores = 200 %);",
      "others = CPU used by processes outside the benchmark while it measured (a shared machine).",
    ].join("\n") + "\n",
  );
  const file = writeResults(options, results, startedAt, busyBefore);
  process.stdout.write(`results: ${relative(process.cwd(), file)}${profileDir ? `\nCPU profiles: ${relative(process.cwd(), profileDir)}` : ""}\n`);
}
