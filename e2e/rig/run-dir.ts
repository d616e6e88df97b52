/**
 * The run folder: one per Node process that starts servers, under os.tmpdir().
 *
 * It holds every server's data, logs and a PID file per process we started, so
 * that a later run can find and kill what a crashed (SIGKILLed, OOM-killed) run
 * left behind: the in-process exit handlers cannot help when Node itself dies.
 *
 * Layout: bloom-rig-<pid>-XXXXXX/{owner.json, pids/*.json, <instance>/...}
 * Set BLOOM_RIG_KEEP=1 to keep it after the run for debugging (the next run's
 * reaper deletes it once its owner is gone).
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { isAlive, signalGroup, signalPid, startTimeOf } from "./proc";

const PREFIX = "bloom-rig-";

export interface PidRecord {
  readonly name: string;
  readonly pid: number;
  readonly startTime: string;
  /** Kill the whole process group (-pid), e.g. a prefork worker with its children. */
  readonly group: boolean;
  /** Postgres wants SIGQUIT (immediate shutdown reaches its backends); the rest SIGKILL. */
  readonly killSignal: NodeJS.Signals;
}

let current: string | undefined;
let instanceCounter = 0;

/** This process's run folder, created (and stale ones reaped) on first use. */
export function runDir(): string {
  if (current) return current;
  reapStaleRuns();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  // 0711: the `postgres` OS user must traverse it to reach its data folder, nobody needs to list it.
  chmodSync(dir, 0o711);
  assertTraversableByOthers(dir);
  writeFileSync(join(dir, "owner.json"), JSON.stringify({ pid: process.pid, startTime: startTimeOf(process.pid) }));
  mkdirSync(join(dir, "pids"));
  current = dir;
  return dir;
}

/** A fresh folder for one server instance, e.g. `redis-1`. */
export function instanceDir(kind: string): string {
  instanceCounter += 1;
  const dir = join(runDir(), `${kind}-${instanceCounter}`);
  mkdirSync(dir, { mode: 0o711 });
  chmodSync(dir, 0o711); // mkdir's mode is filtered by the umask
  return dir;
}

export function removeRunDir(): void {
  if (!current || process.env.BLOOM_RIG_KEEP === "1") return;
  rmSync(current, { recursive: true, force: true, maxRetries: 3 });
  current = undefined;
}

function pidFile(dir: string, name: string, pid: number): string {
  return join(dir, "pids", `${name.replace(/[^\w.-]+/g, "_")}-${pid}.json`);
}

export function writePidFile(record: PidRecord): string {
  const file = pidFile(runDir(), record.name, record.pid);
  writeFileSync(file, JSON.stringify(record));
  return file;
}

export function removePidFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (run folder removed, or a second stop): nothing to undo.
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function isPidRecord(value: unknown): value is PidRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.pid === "number" && typeof r.startTime === "string" && typeof r.killSignal === "string";
}

/**
 * Kills what earlier runs left behind and deletes their folders. A run is stale
 * when its owner process is gone; the start time guards against recycled PIDs,
 * so a parallel run by another session on this machine is never touched.
 */
export function reapStaleRuns(): void {
  const root = tmpdir();
  let entries: string[];
  try {
    entries = readdirSync(root).filter((name) => name.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of entries) {
    const dir = join(root, name);
    const owner = readJson(join(dir, "owner.json"));
    if (owner === undefined) {
      // Either being created right now or truly broken: only old ones are ours to delete.
      if (ageMs(dir) < 60_000) continue;
    } else {
      const { pid, startTime } = owner as { pid?: unknown; startTime?: unknown };
      if (typeof pid === "number" && isAlive(pid, typeof startTime === "string" ? startTime : undefined)) continue;
    }
    let pidFiles: string[] = [];
    try {
      pidFiles = readdirSync(join(dir, "pids"));
    } catch {
      // no pids folder: nothing was started
    }
    for (const file of pidFiles) {
      const record = readJson(join(dir, "pids", file));
      if (!isPidRecord(record) || !isAlive(record.pid, record.startTime)) continue;
      process.stderr.write(`rig: reaping ${record.name} (pid ${record.pid}) left by a previous run in ${dir}\n`);
      if (record.group) signalGroup(record.pid, "SIGKILL");
      signalPid(record.pid, record.killSignal);
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Postgres runs as the `postgres` OS user and must reach its data folder inside
 * the run folder. A TMPDIR under a 0700 home directory breaks that in a way
 * Postgres reports obscurely, so say it plainly up front.
 */
function assertTraversableByOthers(dir: string): void {
  for (let path = dir; ; path = dirname(path)) {
    const { mode } = statSync(path);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `rig: ${path} is not traversable by other users (mode ${(mode & 0o777).toString(8)}), ` +
          `so the postgres OS user cannot reach its data folder in ${dir}. ` +
          `Point TMPDIR at a world-traversable folder such as /tmp.`,
      );
    }
    if (path === dirname(path)) return;
  }
}
