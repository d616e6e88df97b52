/**
 * Polling helpers. Servers here become ready in 20 ms (Redis) to 7 s (RabbitMQ);
 * polling every 50 ms keeps the wait close to the real start-up time, which is
 * what matters for a CI budget measured in minutes.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";

import { isAlive } from "./proc";

/** Environment variables (not NodeJS.ProcessEnv, which Next's types make demand NODE_ENV). */
export type Env = Record<string, string | undefined>;

/**
 * For child_process calls only: at run time an environment is just strings, and
 * NODE_ENV, which Next's augmentation declares required, is irrelevant to our servers.
 */
export function toProcessEnv(env: Env): NodeJS.ProcessEnv {
  return env as NodeJS.ProcessEnv;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked before every probe; a returned string aborts the wait with that reason (e.g. "process exited"). */
  readonly abortIf?: () => string | undefined;
}

export class WaitError extends Error {
  override readonly name = "WaitError";
}

/** Polls `probe` until it returns something other than undefined/false. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs, intervalMs = 50, abortIf }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = abortIf?.();
    if (reason !== undefined) throw new WaitError(`gave up waiting for ${what}: ${reason}`);
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new WaitError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Waits until none of `pids` is alive (zombies count as gone). Returns false on timeout. */
export async function waitGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  try {
    await waitFor(`pids ${pids.join(",")} to exit`, () => pids.every((pid) => !isAlive(pid)), { timeoutMs });
    return true;
  } catch (error) {
    if (error instanceof WaitError) return false;
    throw error;
  }
}

/** One TCP connection attempt to 127.0.0.1:port. */
export function canConnect(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** The last `lines` lines of a log file, for error messages ("" if it does not exist). */
export function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return "";
  const text = readFileSync(file, "utf8").trimEnd();
  return text.split("\n").slice(-lines).join("\n");
}

/** Wraps a start-up failure with the server's log tail: "timed out" alone explains nothing in CI. */
export function errorWithLog(error: unknown, logFile: string, lines = 40): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\n--- last ${lines} lines of ${logFile} ---\n${tail(logFile, lines)}`, { cause: error });
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Env;
  readonly timeoutMs?: number;
}

/** Runs a command to completion; the error carries the command and its output so CI logs explain failures. */
export function run(cmd: string, args: readonly string[], { cwd, env, timeoutMs = 60_000 }: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd, env: env && toProcessEnv(env), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) {
          const output = `${stdout}\n${stderr}`.trim();
          const why = error.killed ? `timed out after ${timeoutMs} ms` : `exit ${String(error.code ?? error.signal)}`;
          reject(new Error(`${cmd} ${args.join(" ")} failed (${why})${output ? `:\n${output}` : ""}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}
