import { z } from "zod";
import type { JsonValue } from "@/lib/celery/json-value";

/**
 * Readers for the inspect replies the ingest worker stores on worker rows (`stats`,
 * `registered`, `active_queues`, `conf`). They come from remote workers of any Celery
 * version, so every field is optional and a reply of an unexpected shape reads as "unknown"
 * rather than failing the page.
 */

const stats = z.looseObject({
  pid: z.number().optional().catch(undefined),
  uptime: z.number().optional().catch(undefined),
  prefetch_count: z.number().optional().catch(undefined),
  pool: z
    .looseObject({
      // Celery >= 5.3 names the pool class; 5.2 does not, so the shape tells it apart below.
      implementation: z.string().optional().catch(undefined),
      "max-concurrency": z.number().optional().catch(undefined),
      processes: z.array(z.number()).optional().catch(undefined),
      threads: z.number().optional().catch(undefined),
      writes: z.unknown().optional(),
    })
    .optional()
    .catch(undefined),
  rusage: z
    .looseObject({ utime: z.number().optional().catch(undefined), stime: z.number().optional().catch(undefined), maxrss: z.number().optional().catch(undefined) })
    .optional()
    .catch(undefined),
  broker: z.looseObject({ transport: z.string().optional().catch(undefined) }).optional().catch(undefined),
});

export type WorkerStatsView = {
  poolType: string | null;
  concurrency: number | null;
  /** pool child PIDs (prefork) */
  processes: number[];
  prefetchCount: number | null;
  uptimeSeconds: number | null;
  /**
   * CPU of the worker's main process, percent of one core, averaged since it started:
   * Celery reports getrusage(RUSAGE_SELF) totals, not a current rate.
   */
  cpuPercent: number | null;
  /** peak resident memory of the main process (maxrss), bytes */
  memoryBytes: number | null;
  transport: string | null;
};

/** Stored replies are the worker's own body; a `{hostname: body}` wrapper is tolerated. */
export function unwrapReply(value: unknown, hostname: string): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === hostname) return (value as Record<string, unknown>)[hostname];
  }
  return value;
}

export function readWorkerStats(value: unknown, hostname: string): WorkerStatsView | null {
  const parsed = stats.safeParse(unwrapReply(value, hostname));
  if (!parsed.success) return null;
  const s = parsed.data;
  const utime = s.rusage?.utime;
  const stime = s.rusage?.stime;
  const cpuPercent = utime !== undefined && stime !== undefined && s.uptime !== undefined && s.uptime > 0 ? ((utime + stime) / s.uptime) * 100 : null;
  // Linux reports maxrss in KiB (macOS in bytes; Celery workers in production run on Linux).
  const memoryBytes = s.rusage?.maxrss !== undefined ? s.rusage.maxrss * 1024 : null;
  return {
    poolType: poolType(s.pool),
    concurrency: s.pool?.["max-concurrency"] ?? null,
    processes: s.pool?.processes ?? [],
    prefetchCount: s.prefetch_count ?? null,
    uptimeSeconds: s.uptime ?? null,
    cpuPercent,
    memoryBytes,
    transport: s.broker?.transport ?? null,
  };
}

function poolType(pool: z.infer<typeof stats>["pool"]): string | null {
  if (!pool) return null;
  if (pool.implementation) {
    // "celery.concurrency.prefork:TaskPool" -> "prefork"
    const modulePath = pool.implementation.split(":")[0] ?? pool.implementation;
    return modulePath.split(".").pop() ?? modulePath;
  }
  if (pool.writes !== undefined) return "prefork";
  if (pool.threads !== undefined) return "threads";
  if (pool["max-concurrency"] === 1 && (pool.processes?.length ?? 0) <= 1) return "solo";
  return null;
}

export function readRegisteredTasks(value: unknown, hostname: string): string[] | null {
  const parsed = z.array(z.string()).safeParse(unwrapReply(value, hostname));
  return parsed.success ? [...parsed.data].sort() : null;
}

const queue = z.looseObject({
  name: z.string(),
  routing_key: z.string().nullable().optional().catch(null),
  exchange: z
    .looseObject({ name: z.string().nullable().optional().catch(null), type: z.string().nullable().optional().catch(null) })
    .nullable()
    .optional()
    .catch(null),
});

export type ActiveQueueView = { name: string; exchange: string | null; exchangeType: string | null; routingKey: string | null };

export function readActiveQueues(value: unknown, hostname: string): ActiveQueueView[] | null {
  const parsed = z.array(queue).safeParse(unwrapReply(value, hostname));
  if (!parsed.success) return null;
  return parsed.data.map((q) => ({ name: q.name, exchange: q.exchange?.name ?? null, exchangeType: q.exchange?.type ?? null, routingKey: q.routing_key ?? null }));
}

const jsonObject = z.record(z.string(), z.json());

export function readWorkerConf(value: unknown, hostname: string): Record<string, JsonValue> | null {
  const parsed = jsonObject.safeParse(unwrapReply(value, hostname));
  return parsed.success ? (parsed.data as Record<string, JsonValue>) : null;
}
