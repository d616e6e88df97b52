/**
 * Memory and CPU of other processes, read from /proc (Linux only, like the rig).
 */
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux we run on. */
const CLOCK_TICKS_PER_SECOND = 100;

export type Memory = { rssMiB: number; peakRssMiB: number };

/** VmRSS (resident now) and VmHWM (the high-water mark of VmRSS) of `pid`. */
export function readMemory(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const kib = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  };
  const rss = kib("VmRSS");
  const hwm = kib("VmHWM");
  if (rss === undefined || hwm === undefined) return undefined;
  return { rssMiB: rss / 1024, peakRssMiB: hwm / 1024 };
}

type StatTimes = { ppid: number; own: number; children: number };

function readTimes(pid: number): StatTimes | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Field 2 (comm) may contain spaces: split after the last ')'. fields[0] is stat(5)'s field 3.
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  const num = (index: number): number => Number(fields[index] ?? 0);
  return { ppid: num(1), own: num(11) + num(12), children: num(13) + num(14) };
}

/**
 * CPU seconds used so far by a process; with `withChildren`, also by its direct children,
 * including those already exited and reaped (cutime/cstime). That covers a PostgreSQL
 * postmaster with its backends, or RabbitMQ's VM with its helpers. Not for the benchmark
 * itself: its children are the generator and the ingest, which are measured on their own.
 */
export function cpuSeconds(pid: number, withChildren: boolean): number {
  const root = readTimes(pid);
  if (!root) return 0;
  if (!withChildren) return root.own / CLOCK_TICKS_PER_SECOND;
  let ticks = root.own + root.children;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const child = readTimes(Number(entry));
    if (child && child.ppid === pid) ticks += child.own;
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

export type Measured = { pid: number; withChildren: boolean };

/** Busy and total CPU ticks of the whole machine, all cores (first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
  const [, user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * CPU use of named processes between two moments, in % of one core, plus `others`: what the
 * rest of the machine used meanwhile. The benchmark shares its machine (and its 2 cores)
 * with whatever else runs there, and a figure taken while something else ate a core is
 * not the same figure; `others` says when that happened.
 */
export class CpuMeter {
  private start = new Map<string, number>();
  private startedAt = 0;
  private machineStart = machineTicks();

  constructor(private readonly processes: () => Record<string, Measured>) {}

  begin(): void {
    this.startedAt = performance.now();
    this.machineStart = machineTicks();
    this.start = new Map(Object.entries(this.processes()).map(([name, p]) => [name, cpuSeconds(p.pid, p.withChildren)]));
  }

  /** % of one core per process since begin() (200 % = both cores of a 2-core machine). */
  end(): Record<string, number> {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const out: Record<string, number> = {};
    for (const [name, p] of Object.entries(this.processes())) {
      const used = cpuSeconds(p.pid, p.withChildren) - (this.start.get(name) ?? 0);
      out[name] = seconds > 0 ? Math.round((used / seconds) * 100) : 0;
    }
    const machine = machineTicks();
    const total = machine.total - this.machineStart.total;
    const busyPercent = total > 0 ? ((machine.busy - this.machineStart.busy) / total) * 100 * cpus().length : 0;
    const ours = Object.values(out).reduce((sum, pct) => sum + pct, 0);
    out.others = Math.max(0, Math.round(busyPercent - ours));
    return out;
  }
}

/** How busy the whole machine is over `ms`, in % of one core (before we add any load). */
export async function machineBusyPercent(ms: number): Promise<number> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  const total = after.total - before.total;
  return total > 0 ? Math.round(((after.busy - before.busy) / total) * 100 * cpus().length) : 0;
}

/** "Quiet": the whole machine, our idle processes included, uses less than this % of one core. */
export const QUIET_PERCENT = 25;

/** Waits (up to `maxSeconds`) until the machine is busy below `thresholdPercent` of one core; returns the last reading. */
export async function waitForQuiet(maxSeconds: number, thresholdPercent: number, log: (line: string) => void): Promise<number> {
  const deadline = performance.now() + maxSeconds * 1000;
  let busy = await machineBusyPercent(1_000);
  if (busy <= thresholdPercent || maxSeconds <= 0) return busy;
  log(`waiting up to ${maxSeconds} s for the machine to go quiet (now ${busy} % of one core busy)`);
  while (busy > thresholdPercent && performance.now() < deadline) busy = await machineBusyPercent(1_000);
  log(busy > thresholdPercent ? `still ${busy} % busy; measuring anyway` : `quiet (${busy} %)`);
  return busy;
}
