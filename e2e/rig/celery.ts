/**
 * Real Celery 5.2 processes running the sample app (e2e/sample-app) against
 * the rig's brokers: workers, beat, the `celery` CLI and the scenario sender.
 */
import { existsSync, readFileSync } from "node:fs";
import { hostname as osHostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { z } from "zod";

import { PYTHON } from "./install-check";
import { track } from "./process-registry";
import { groupMembers } from "./proc";
import { instanceDir } from "./run-dir";
import { describeExit, spawnLogged, stopSpawned } from "./spawn";
import { type Env, errorWithLog, run, type RunResult, waitFor } from "./wait";

export type { Env };

export const SAMPLE_APP_DIR = fileURLToPath(new URL("../sample-app/", import.meta.url));
/** The `-A` argument: module bloom_sample, Celery instance `app`. */
export const SAMPLE_APP = "bloom_sample";
/** Host part of worker hostnames the rig makes up: predictable names for assertions. */
export const WORKER_HOST = "bloomtest";

export interface CeleryEnvOptions {
  readonly brokerUrl: string;
  readonly backendUrl?: string;
  /** Task events on (default) or off: off lets tests exercise `enable_events`. */
  readonly events?: boolean;
  /** Extra variables for the Python process. */
  readonly env?: Env;
}

/** Environment for any Python process that imports the sample app. */
export function celeryEnv({ brokerUrl, backendUrl, events = true, env = {} }: CeleryEnvOptions): Env {
  const base: Env = { ...process.env };
  // A pyenv or virtualenv of the caller must not leak into Debian's interpreter.
  delete base.PYTHONHOME;
  delete base.VIRTUAL_ENV;
  return {
    ...base,
    PYTHONPATH: SAMPLE_APP_DIR,
    PYTHONDONTWRITEBYTECODE: "1", // no __pycache__ in the repository
    PYTHONUNBUFFERED: "1", // logs reach the file as they happen, so readiness checks see them
    BLOOM_SAMPLE_BROKER: brokerUrl,
    BLOOM_SAMPLE_BACKEND: backendUrl ?? "",
    BLOOM_SAMPLE_EVENTS: events ? "1" : "0",
    ...env,
  };
}

/** Runs `celery -A bloom_sample <args>` to completion, e.g. `["inspect", "active", "-j"]`. */
export function celeryCli(options: CeleryEnvOptions, args: readonly string[], timeoutMs = 30_000): Promise<RunResult> {
  return run(PYTHON, ["-m", "celery", "-A", SAMPLE_APP, ...args], {
    cwd: SAMPLE_APP_DIR,
    env: celeryEnv(options),
    timeoutMs,
  });
}

export type CeleryPool = "prefork" | "solo" | "threads";

/** Name the worker either way: `name: "w1"` (→ "w1@bloomtest") or a full `hostname: "w1@bloomtest"`. */
export type WorkerName = { readonly name: string; readonly hostname?: never } | { readonly hostname: string; readonly name?: never };

export type StartCeleryWorkerOptions = CeleryEnvOptions & WorkerName & WorkerTuning;

export interface WorkerTuning {
  /** Default: both queues of the sample app, ["celery", "io"]. */
  readonly queues?: readonly string[];
  readonly concurrency?: number;
  readonly pool?: CeleryPool;
  /**
   * Mingle (a 1 s hello to other workers at start-up) is off by default: it
   * only syncs revoked ids between workers and costs every start a second.
   */
  readonly mingle?: boolean;
  readonly extraArgs?: readonly string[];
  readonly readyTimeoutMs?: number;
}

export interface CeleryWorker {
  /** e.g. "w1@bloomtest", as it appears in events and control replies. */
  readonly hostname: string;
  /** PID of the main process, which also leads the process group of its pool. */
  readonly pid: number;
  readonly logFile: string;
  /** Main process plus pool children currently alive. */
  pids(): number[];
  /** Warm shutdown (SIGTERM: finish running tasks, send worker-offline), then SIGKILL after `timeoutMs`. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** Cold kill of the whole process group: no worker-offline event, like a crashed host. */
  kill(): Promise<void>;
}

export function workerHostname(name: string): string {
  // Celery expands %h itself; we expand it too, because readiness is detected by the exact name.
  const full = name.includes("@") ? name : `${name}@${WORKER_HOST}`;
  return full.replaceAll("%h", osHostname());
}

export async function startCeleryWorker(options: StartCeleryWorkerOptions): Promise<CeleryWorker> {
  const {
    queues = ["celery", "io"],
    concurrency = 2,
    pool = "prefork",
    events = true,
    mingle = false,
    extraArgs = [],
    readyTimeoutMs = 60_000,
  } = options;
  const hostname = workerHostname(options.hostname !== undefined ? options.hostname : options.name);
  const dir = instanceDir(`celery-worker-${hostname.replace(/[^\w.-]+/g, "_")}`);
  const logFile = join(dir, "worker.log");
  const args = [
    "-m", "celery", "-A", SAMPLE_APP, "worker",
    "--hostname", hostname,
    "--loglevel", "INFO",
    "--pool", pool,
    "--concurrency", String(concurrency),
    "--queues", queues.join(","),
    ...(events ? ["--task-events"] : []),
    ...(mingle ? [] : ["--without-mingle"]),
    ...extraArgs,
  ];
  const spawned = await spawnLogged(PYTHON, args, { cwd: dir, env: celeryEnv(options), logFile });
  const pid = spawned.pid;
  const stop = async ({ timeoutMs = 20_000 }: { timeoutMs?: number } = {}): Promise<void> => {
    await stopSpawned(spawned, { signal: "SIGTERM", timeoutMs, group: true });
    tracked.untrack();
  };
  const kill = async (): Promise<void> => {
    await stopSpawned(spawned, { signal: "SIGKILL", timeoutMs: 5_000, group: true });
    tracked.untrack();
  };
  const tracked = track({ name: `celery-worker:${hostname}`, pid, group: true, stop: () => kill() });

  try {
    // Cheap first gate: the worker logs "<hostname> ready." once all consumers run...
    await waitFor(`worker ${hostname} to log "ready."`, () => readLog(logFile).includes(`${hostname} ready.`), {
      timeoutMs: readyTimeoutMs,
      abortIf: () => (spawned.hasExited() ? "the worker process exited" : undefined),
    });
    // ...then the real contract: it answers remote control, which Bloom relies on.
    await waitFor(`worker ${hostname} to answer ping`, () => pingWorker(options, hostname), {
      timeoutMs: readyTimeoutMs,
      intervalMs: 100,
      abortIf: () => (spawned.hasExited() ? "the worker process exited" : undefined),
    });
  } catch (error) {
    await kill();
    const exit = spawned.hasExited() ? ` (${describeExit(await spawned.exited)})` : "";
    throw errorWithLog(new Error(`celery worker ${hostname} did not start${exit}: ${String(error)}`), logFile);
  }

  return { hostname, pid, logFile, pids: () => groupMembers(pid), stop, kill };
}

function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

async function pingWorker(options: CeleryEnvOptions, hostname: string): Promise<boolean> {
  try {
    await celeryCli(options, ["inspect", "ping", "--destination", hostname, "--timeout", "1"], 15_000);
    return true;
  } catch {
    return false;
  }
}

export interface StartCeleryBeatOptions extends CeleryEnvOptions {
  readonly extraArgs?: readonly string[];
  readonly readyTimeoutMs?: number;
}

export interface CeleryBeat {
  readonly pid: number;
  readonly logFile: string;
  readonly scheduleFile: string;
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export async function startCeleryBeat(options: StartCeleryBeatOptions): Promise<CeleryBeat> {
  const { extraArgs = [], readyTimeoutMs = 30_000 } = options;
  const dir = instanceDir("celery-beat");
  const logFile = join(dir, "beat.log");
  const scheduleFile = join(dir, "beat-schedule");
  const spawned = await spawnLogged(
    PYTHON,
    [
      "-m", "celery", "-A", SAMPLE_APP, "beat",
      "--schedule", scheduleFile,
      "--pidfile", join(dir, "beat.pid"),
      "--loglevel", "INFO",
      ...extraArgs,
    ],
    { cwd: dir, env: celeryEnv(options), logFile },
  );
  const stop = async ({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<void> => {
    await stopSpawned(spawned, { signal: "SIGTERM", timeoutMs, group: true });
    tracked.untrack();
  };
  const tracked = track({
    name: "celery-beat",
    pid: spawned.pid,
    group: true,
    stop: () => stopSpawned(spawned, { signal: "SIGKILL", group: true }).then(() => undefined),
  });
  try {
    await waitFor("celery beat to start", () => readLog(logFile).includes("beat: Starting..."), {
      timeoutMs: readyTimeoutMs,
      abortIf: () => (spawned.hasExited() ? "beat exited" : undefined),
    });
  } catch (error) {
    await stopSpawned(spawned, { signal: "SIGKILL", group: true });
    tracked.untrack();
    throw errorWithLog(error, logFile);
  }
  return { pid: spawned.pid, logFile, scheduleFile, stop };
}

export type Scenario = "basic" | "chain" | "group" | "chord" | "load" | "sleep" | "backlog" | "routed";

export interface SendScenarioOptions {
  readonly backendUrl?: string;
  /** Number of tasks for "load", "backlog" and "routed" (default 100). */
  readonly count?: number;
  /** Duration for "sleep" and each "backlog" task (default 1). */
  readonly seconds?: number;
  /** Also wait up to this many seconds for every result (needs backendUrl). */
  readonly wait?: number;
  readonly env?: Env;
}

const sentTask = z.object({ id: z.string(), name: z.string(), label: z.string() });
const taskResult = z.object({ state: z.string(), result: z.unknown() });
export const scenarioOutput = z.object({
  scenario: z.string(),
  task_ids: z.array(z.string()),
  tasks: z.array(sentTask),
  /** The id whose result is the canvas' final result (chain, chord). */
  result_id: z.string().optional(),
  group_id: z.string().nullable().optional(),
  results: z.record(z.string(), taskResult).optional(),
});
export type ScenarioOutput = z.infer<typeof scenarioOutput>;

/** Runs e2e/sample-app/send.py and returns what it sent (see that file for the scenarios). */
export async function sendScenario(brokerUrl: string, scenario: Scenario, options: SendScenarioOptions = {}): Promise<ScenarioOutput> {
  const args = [join(SAMPLE_APP_DIR, "send.py"), scenario];
  if (options.count !== undefined) args.push("--count", String(options.count));
  if (options.seconds !== undefined) args.push("--seconds", String(options.seconds));
  if (options.wait !== undefined) args.push("--wait", String(options.wait));
  const timeoutMs = 30_000 + (options.wait ?? 0) * 1_000;
  const { stdout } = await run(PYTHON, args, {
    cwd: SAMPLE_APP_DIR,
    env: celeryEnv({ brokerUrl, backendUrl: options.backendUrl, env: options.env }),
    timeoutMs,
  });
  const lastLine = stdout.trim().split("\n").at(-1) ?? "";
  return scenarioOutput.parse(JSON.parse(lastLine));
}
