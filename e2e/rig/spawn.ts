/**
 * Starting and stopping long-running children (Redis, epmd, Celery).
 *
 * Children are spawned `detached` so each leads its own process group: a
 * Ctrl+C aimed at the test runner then does not hit them half-way (we stop
 * them in order instead), and `kill(-pid)` reaches a prefork worker's pool
 * children, which would otherwise survive their master as orphans.
 * Output goes straight to a log file (no pipes), so a child never blocks on a
 * full pipe and its log survives for error messages.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";

import { groupMembers, signalGroup, signalPid } from "./proc";
import { type Env, sleep, tail, toProcessEnv, waitGone } from "./wait";

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface Spawned {
  readonly pid: number;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves when the child exits (Node reaps it, so no zombie is left). */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
}

export interface SpawnOptions {
  readonly cwd: string;
  readonly env: Env;
  readonly logFile: string;
}

export async function spawnLogged(cmd: string, args: readonly string[], { cwd, env, logFile }: SpawnOptions): Promise<Spawned> {
  const fd = openSync(logFile, "a");
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, { cwd, env: toProcessEnv(env), detached: true, stdio: ["ignore", fd, fd] });
  } finally {
    closeSync(fd); // the child has its own copy
  }
  // Listen before anything can be awaited: a child that dies at once must still be seen.
  let done = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  // A missing binary surfaces as an async 'error' instead of a pid.
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (error) => reject(new Error(`could not start ${cmd}: ${error.message}`)));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${cmd}: no pid`);
  // Do not keep the test runner alive just because a server is running; teardown stops it.
  child.unref();
  return { pid, child, logFile, exited, hasExited: () => done };
}

export function describeExit({ code, signal }: ExitInfo): string {
  return signal ? `killed by ${signal}` : `exited with code ${String(code)}`;
}

export interface StopOptions {
  /** The polite signal, e.g. SIGTERM for Celery's warm shutdown. */
  readonly signal?: NodeJS.Signals;
  /** How long the polite signal gets before SIGKILL. */
  readonly timeoutMs?: number;
  /** Also SIGKILL the process group after the leader is gone (pool children). */
  readonly group?: boolean;
}

/**
 * Stops a spawned child and waits until it, and with `group` every member of
 * its process group, is gone. Idempotent. Returns true if the polite signal
 * was enough.
 */
export async function stopSpawned(spawned: Spawned, { signal = "SIGTERM", timeoutMs = 10_000, group = false }: StopOptions = {}): Promise<boolean> {
  let polite = true;
  if (!spawned.hasExited()) {
    signalPid(spawned.pid, signal);
    polite = await Promise.race([spawned.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!polite) {
      if (group) signalGroup(spawned.pid, "SIGKILL");
      signalPid(spawned.pid, "SIGKILL");
      const gone = await Promise.race([spawned.exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!gone) throw new Error(`pid ${spawned.pid} survived SIGKILL; log tail:\n${tail(spawned.logFile)}`);
    }
  }
  if (group) {
    const leftovers = groupMembers(spawned.pid);
    if (leftovers.length > 0) {
      signalGroup(spawned.pid, "SIGKILL");
      if (!(await waitGone(leftovers, 5_000))) {
        throw new Error(`process group ${spawned.pid} still has members ${leftovers.join(", ")} after SIGKILL`);
      }
    }
  }
  return polite;
}
