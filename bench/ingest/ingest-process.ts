/**
 * Bloom's ingest worker as a separate process (exactly what production runs: the bundle of
 * worker/ingest/main.ts with the flags of worker/launcher/process-bundles.ts), so that its RSS and CPU are its own and not
 * mixed with the generator's or the benchmark's.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { instanceDir, track } from "@/e2e/rig";
import { describeExit, spawnLogged, stopSpawned, type Spawned } from "@/e2e/rig/spawn";
import { tail } from "@/e2e/rig/wait";
import type { Database } from "./database";
import { buildProcessBundles, ingestCommandArgs } from "@/worker/launcher/process-bundles";
import { readMemory, type Memory } from "./proc-stats";

const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

export type IngestProcess = {
  readonly pid: number;
  readonly logFile: string;
  memory(): Memory | undefined;
  /** SIGTERM: the worker drains what it buffered, writes its last health row and exits. */
  stop(): Promise<void>;
};

export type StartIngestOptions = {
  databaseUrl: string;
  brokerUrl: string;
  /** write a V8 CPU profile (.cpuprofile) of the worker into this folder when it exits */
  cpuProfileDir?: string;
};

export async function startIngestProcess(db: Database, options: StartIngestOptions): Promise<IngestProcess> {
  const dir = instanceDir("ingest");
  const logFile = join(dir, "ingest.log");
  const profile = options.cpuProfileDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfileDir] : [];
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const bundle = (await buildProcessBundles(PROJECT_ROOT)).ingest;
  const spawned: Spawned = await spawnLogged(process.execPath, [...profile, ...ingestCommandArgs(bundle)], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      CELERY_BROKER_URL: options.brokerUrl,
      LOG_FORMAT: "json",
      LOG_LEVEL: "warn",
    },
    logFile,
  });
  const tracked = track({ name: "bench-ingest", pid: spawned.pid, stop: async () => void (await stopSpawned(spawned, { timeoutMs: 30_000 })) });

  const stop = async (): Promise<void> => {
    // Generous: on SIGTERM the worker first writes everything it buffered (up to 10 s).
    await stopSpawned(spawned, { signal: "SIGTERM", timeoutMs: 30_000 });
    tracked.untrack();
  };

  try {
    await db.waitForIngestConnected(spawned.pid, () => (spawned.hasExited() ? `the ingest worker exited; log:\n${tail(logFile)}` : undefined));
  } catch (error) {
    await stop();
    throw error;
  }
  void spawned.exited.then((info) => {
    if (info.code !== 0 && info.signal !== "SIGTERM") process.stderr.write(`bench: ingest worker ${describeExit(info)}; log tail:\n${tail(logFile)}\n`);
  });

  return { pid: spawned.pid, logFile, memory: () => readMemory(spawned.pid), stop };
}
