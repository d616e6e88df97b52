import { z } from "zod";

/**
 * What `inspect active`, `inspect reserved` and `inspect scheduled` say a worker holds, as
 * rows for the queued-work page. This is the only view of queued work for clusters whose
 * result backend keeps no history (and whose events Bloom may have missed): it comes from the
 * workers' memory, not from Postgres.
 *
 * Shapes (Celery 5.2, worker/control.py): active and reserved answer a list of Request.info()
 * dicts; scheduled answers `{eta, priority, request: <info>}` per entry. Entries that do not
 * fit are skipped, not fatal: one odd worker must not blank the page.
 */

export const QUEUED_KINDS = ["active", "reserved", "scheduled"] as const;
export type QueuedKind = (typeof QUEUED_KINDS)[number];

const requestInfo = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  args: z.unknown().optional(),
  kwargs: z.unknown().optional(),
  hostname: z.string().nullish(),
  time_start: z.number().nullish(),
  acknowledged: z.boolean().nullish(),
  delivery_info: z
    .object({ routing_key: z.string().nullish(), priority: z.number().nullish(), redelivered: z.boolean().nullish() })
    .partial()
    .nullish(),
  worker_pid: z.number().nullish(),
});

const scheduledEntry = z.object({ eta: z.string().nullish(), priority: z.number().nullish(), request: requestInfo });

export type QueuedTask = {
  id: string;
  name: string | null;
  kind: QueuedKind;
  /** args and kwargs as text (JSON when the worker sent structures, its repr string otherwise) */
  args: string;
  kwargs: string;
  /** routing key the message arrived with: the queue, for Celery's default direct routing */
  routingKey: string | null;
  priority: number | null;
  /** ms since the epoch: when the active task started (worker's clock) */
  startedAt: number | null;
  /** ms since the epoch: when a scheduled task is due */
  eta: number | null;
  /** the pool process running an active task */
  workerPid: number | null;
  redelivered: boolean;
};

function asText(value: unknown, empty: string): string {
  if (value === undefined || value === null) return empty;
  // celery: before protocol 2 (and with repr'ing serializers) args arrive as repr strings.
  return typeof value === "string" ? value : JSON.stringify(value);
}

function toRow(info: z.infer<typeof requestInfo>, kind: QueuedKind, extra: { eta?: string | null | undefined; priority?: number | null | undefined } = {}): QueuedTask {
  const eta = extra.eta ? Date.parse(extra.eta) : Number.NaN;
  return {
    id: info.id,
    name: info.name ?? null,
    kind,
    args: asText(info.args, "[]"),
    kwargs: asText(info.kwargs, "{}"),
    routingKey: info.delivery_info?.routing_key ?? null,
    priority: extra.priority ?? info.delivery_info?.priority ?? null,
    startedAt: kind === "active" && typeof info.time_start === "number" ? Math.round(info.time_start * 1000) : null,
    eta: Number.isNaN(eta) ? null : eta,
    workerPid: info.worker_pid ?? null,
    redelivered: info.delivery_info?.redelivered === true,
  };
}

/** One worker's reply to one of the three commands, as rows; anything but a list is no rows. */
export function queuedTasksFromReply(kind: QueuedKind, reply: unknown): QueuedTask[] {
  if (!Array.isArray(reply)) return [];
  const rows: QueuedTask[] = [];
  for (const item of reply) {
    if (kind === "scheduled") {
      const entry = scheduledEntry.safeParse(item);
      if (entry.success) rows.push(toRow(entry.data.request, kind, { eta: entry.data.eta, priority: entry.data.priority }));
    } else {
      const info = requestInfo.safeParse(item);
      if (info.success) rows.push(toRow(info.data, kind));
    }
  }
  return rows;
}

/** Running first (oldest start first), then prefetched, then scheduled by due time. */
export function sortQueuedTasks(rows: readonly QueuedTask[]): QueuedTask[] {
  const rank: Record<QueuedKind, number> = { active: 0, reserved: 1, scheduled: 2 };
  return [...rows].sort(
    (a, b) => rank[a.kind] - rank[b.kind] || (a.startedAt ?? 0) - (b.startedAt ?? 0) || (a.eta ?? 0) - (b.eta ?? 0) || a.id.localeCompare(b.id),
  );
}
