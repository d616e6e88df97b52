/**
 * Low-level process inspection through /proc.
 *
 * Why not `process.kill(pid, 0)`: PID 1 on our CI VMs does not reap orphans
 * promptly, so a daemon that exited lingers as a zombie and `kill -0` still
 * succeeds. Reading the state letter from /proc/<pid>/stat tells a zombie from
 * a live process, and the start time tells a recycled PID from ours.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface ProcStat {
  readonly pid: number;
  /** R, S, D, Z (zombie), X (dead), T, ... */
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  /** Clock ticks since boot; with the PID it identifies a process uniquely. */
  readonly startTime: string;
}

export function readStat(pid: number): ProcStat | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  const [state, ppid, pgrp] = fields;
  const startTime = fields[19]; // field 22 of stat(5), counted from field 3
  if (state === undefined || ppid === undefined || pgrp === undefined || startTime === undefined) {
    return undefined;
  }
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), startTime };
}

/** True while `pid` runs (zombies count as gone); with `startTime`, only if it is still the same process. */
export function isAlive(pid: number, startTime?: string): boolean {
  const stat = readStat(pid);
  if (!stat || stat.state === "Z" || stat.state === "X") return false;
  return startTime === undefined || stat.startTime === startTime;
}

export function startTimeOf(pid: number): string | undefined {
  return readStat(pid)?.startTime;
}

/** Live members of a process group, e.g. a prefork worker's master and its pool children. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X") {
      members.push(stat.pid);
    }
  }
  return members;
}

/** Sends a signal, treating "no such process" as success: the goal is that it is gone. */
export function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (!isErrno(error, "ESRCH")) throw error;
  }
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  signalPid(-pgid, signal);
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && (error as NodeJS.ErrnoException).code === code;
}
