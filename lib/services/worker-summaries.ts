import { loadHealthThresholds, type HealthThresholds } from "@/lib/config/health-thresholds";
import { workerCpuTone, workerMemoryTone } from "@/lib/health/metric-tones";
import type { HealthTone } from "@/lib/health/tone";
import { listWorkers, type WorkerListRow } from "@/lib/repositories/worker-reads";
import { readActiveQueues, readWorkerStats } from "@/lib/workers/inspect-snapshots";
import { workerPresence } from "@/lib/workers/presence";

/** One worker as the workers table and the dashboard show it. Times are epoch ms. */
export type WorkerSummary = {
  hostname: string;
  online: boolean;
  /** when it went away (worker-offline, or heartbeats stopped); null while online */
  wentAwayAt: number | null;
  lastHeartbeat: number | null;
  /** heartbeat interval, seconds */
  freq: number;
  pid: number | null;
  software: string | null;
  active: number;
  processed: number;
  loadavg: number[] | null;
  onlineAt: number | null;
  poolType: string | null;
  concurrency: number | null;
  /** from the active_queues inspect reply; null until the worker was inspected */
  queues: string[] | null;
  cpuPercent: number | null;
  cpuTone: HealthTone | null;
  memoryBytes: number | null;
  memoryTone: HealthTone | null;
  inspectedAt: number | null;
};

export async function listWorkerSummaries(now = Date.now(), thresholds: HealthThresholds = loadHealthThresholds()): Promise<WorkerSummary[]> {
  const rows = await listWorkers();
  const summaries = rows.map((row) => toWorkerSummary(row, now, thresholds));
  // Online first: the database orders by stored status, which may lag the heartbeat rule.
  return summaries.sort((a, b) => Number(b.online) - Number(a.online) || a.hostname.localeCompare(b.hostname));
}

export function toWorkerSummary(row: WorkerListRow, now: number, thresholds: HealthThresholds): WorkerSummary {
  const lastHeartbeat = row.lastHeartbeat?.getTime() ?? null;
  const presence = workerPresence({ status: row.status, lastHeartbeat, freq: row.freq, offlineAt: row.offlineAt?.getTime() ?? null }, now);
  const stats = readWorkerStats(row.stats, row.hostname);
  const cpuPercent = stats?.cpuPercent ?? null;
  const memoryBytes = stats?.memoryBytes ?? null;
  return {
    hostname: row.hostname,
    online: presence.online,
    wentAwayAt: presence.wentAwayAt,
    lastHeartbeat,
    freq: row.freq,
    pid: row.pid,
    software: row.swIdent ? [row.swIdent, row.swVer, row.swSys ? `(${row.swSys})` : null].filter(Boolean).join(" ") : null,
    active: presence.online ? row.active : 0,
    processed: Number(row.processed),
    loadavg: readLoadavg(row.loadavg),
    onlineAt: row.onlineAt?.getTime() ?? null,
    poolType: stats?.poolType ?? null,
    concurrency: stats?.concurrency ?? null,
    queues: readActiveQueues(row.activeQueues, row.hostname)?.map((queue) => queue.name) ?? null,
    cpuPercent,
    cpuTone: workerCpuTone(cpuPercent, thresholds),
    memoryBytes,
    memoryTone: workerMemoryTone(memoryBytes, thresholds),
    inspectedAt: row.inspectedAt?.getTime() ?? null,
  };
}

function readLoadavg(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((n) => typeof n === "number") ? (value as number[]) : null;
}
