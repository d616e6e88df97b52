/**
 * Every process the rig starts is tracked here until it is stopped, so that no
 * test failure, Ctrl+C or crash leaves servers holding ports:
 *
 * - normal teardown calls `stopAll()` (each entry's own graceful-enough stop);
 * - 'exit', SIGINT, SIGTERM, SIGHUP and uncaught exceptions run `killAllNow()`,
 *   which is synchronous because an 'exit' listener cannot await anything;
 * - each entry also has a PID file in the run folder, for the next run's reaper
 *   (see run-dir.ts) in case this Node process is killed outright.
 *
 * The registry lives on globalThis: vitest may evaluate this module more than
 * once in one process, and two registries would each miss half the processes.
 */
import { removePidFile, removeRunDir, writePidFile } from "./run-dir";
import { isAlive, signalGroup, signalPid, startTimeOf } from "./proc";

export interface TrackOptions {
  /** Shown in logs and PID file names, e.g. "redis:6380" or "celery-worker:w1@bloomtest". */
  readonly name: string;
  readonly pid: number;
  /** Kill the whole process group too (the process must lead one: spawn with detached: true). */
  readonly group?: boolean;
  /** Last-resort signal; defaults to SIGKILL. Postgres uses SIGQUIT (immediate shutdown). */
  readonly killSignal?: NodeJS.Signals;
  /** Orderly but quick shutdown, used by `stopAll()`; must tolerate the process being gone already. */
  readonly stop: () => Promise<void>;
}

export interface Tracked {
  readonly pid: number;
  /** Forget the process: call once it is gone (or handed to another owner). */
  untrack(): void;
}

interface Entry {
  readonly options: TrackOptions;
  readonly startTime: string | undefined;
  readonly pidFile: string;
}

interface Registry {
  readonly entries: Map<number, Entry>;
  nextId: number;
  handlersInstalled: boolean;
}

const KEY = Symbol.for("bloom.e2e.rig.process-registry");

function registry(): Registry {
  const holder = globalThis as typeof globalThis & { [KEY]?: Registry };
  holder[KEY] ??= { entries: new Map(), nextId: 1, handlersInstalled: false };
  return holder[KEY];
}

export function track(options: TrackOptions): Tracked {
  const reg = registry();
  installHandlers(reg);
  const startTime = startTimeOf(options.pid);
  const pidFile = writePidFile({
    name: options.name,
    pid: options.pid,
    startTime: startTime ?? "",
    group: options.group ?? false,
    killSignal: options.killSignal ?? "SIGKILL",
  });
  const id = reg.nextId++;
  reg.entries.set(id, { options, startTime, pidFile });
  return {
    pid: options.pid,
    untrack: () => {
      const entry = reg.entries.get(id);
      if (!entry) return;
      reg.entries.delete(id);
      removePidFile(entry.pidFile);
    },
  };
}

/** What is still tracked, newest last (for diagnostics and tests). */
export function trackedProcesses(): { name: string; pid: number }[] {
  return [...registry().entries.values()].map(({ options }) => ({ name: options.name, pid: options.pid }));
}

/**
 * Stops everything still tracked, in parallel (RabbitMQ alone takes seconds),
 * then falls back to `killAllNow()` for anything whose stop failed.
 */
export async function stopAll(): Promise<void> {
  const reg = registry();
  const entries = [...reg.entries.entries()];
  const results = await Promise.allSettled(entries.map(([, entry]) => entry.options.stop()));
  const failures: string[] = [];
  results.forEach((result, index) => {
    const pair = entries[index];
    if (!pair) return;
    const [id, entry] = pair;
    if (result.status === "rejected") {
      failures.push(`${entry.options.name} (pid ${entry.options.pid}): ${String(result.reason)}`);
      return;
    }
    reg.entries.delete(id);
    removePidFile(entry.pidFile);
  });
  if (failures.length > 0) {
    killAllNow();
    throw new Error(`rig: some processes did not stop cleanly and were killed:\n${failures.join("\n")}`);
  }
}

/** Synchronous last resort: signal everything tracked without waiting. Safe inside an 'exit' listener. */
export function killAllNow(): void {
  const reg = registry();
  for (const [id, entry] of reg.entries) {
    const { pid, group, killSignal = "SIGKILL" } = entry.options;
    // A recycled PID must never be killed: only signal the process we started.
    if (isAlive(pid, entry.startTime)) {
      try {
        if (group) signalGroup(pid, "SIGKILL");
        signalPid(pid, killSignal);
      } catch {
        // EPERM or similar: nothing more we can do synchronously.
      }
    } else if (group) {
      // The leader is gone but orphaned pool children may still hold the group.
      signalGroup(pid, "SIGKILL");
    }
    reg.entries.delete(id);
    removePidFile(entry.pidFile);
  }
}

function installHandlers(reg: Registry): void {
  if (reg.handlersInstalled) return;
  reg.handlersInstalled = true;

  const cleanUp = (): void => {
    killAllNow();
    try {
      removeRunDir();
    } catch {
      // A daemon may still be writing its last log line; the next run's reaper removes the folder.
    }
  };
  process.on("exit", cleanUp);

  // A monitor observes without changing Node's crash behaviour; 'exit' follows.
  process.on("uncaughtExceptionMonitor", () => killAllNow());

  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // vitest ends its test forks with SIGTERM, and a process that dies from a
    // signal never emits 'exit': clean up here as well.
    const onSignal = (): void => {
      cleanUp();
      process.off(signal, onSignal);
      // If nobody else (e.g. the test runner) handles the signal, restore the
      // default behaviour of dying from it, which our listener suppressed.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
