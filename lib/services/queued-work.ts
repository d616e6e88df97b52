import type { Actor } from "@/lib/auth/actor";
import { queuedTasksFromReply, sortQueuedTasks, QUEUED_KINDS, type QueuedKind, type QueuedTask } from "@/lib/workers/queued-work";
import { inspectWorkers, type InspectResult } from "@/lib/services/control";

export type QueuedWorker = {
  hostname: string;
  /** ok: the worker answered all three; partial: some; no_reply: none in time */
  status: "ok" | "partial" | "no_reply";
  /** what went wrong for a partial or silent worker, for people */
  message: string | null;
  counts: Record<QueuedKind, number>;
  tasks: QueuedTask[];
};

export type QueuedWork = {
  workers: QueuedWorker[];
  /** when the workers were asked (ms since the epoch) */
  inspectedAt: number;
  elapsedMs: number;
};

/**
 * What the workers hold right now: active, reserved (prefetched) and scheduled (ETA and
 * countdown) tasks, asked of every worker (or of `hostname`) at once. Read-only, so any
 * signed-in actor may ask and nothing is audited (inspectWorkers' rule). Each of the three
 * inspections ends as soon as every worker Postgres believes online has answered, so the page
 * costs one round trip to the slowest worker, not BLOOM_INSPECT_TIMEOUT.
 */
export async function getQueuedWork(actor: Actor, options: { hostname?: string } = {}): Promise<QueuedWork> {
  const inspectedAt = Date.now();
  const started = performance.now();
  const destination = options.hostname ? { destination: [options.hostname] } : {};
  const results = await Promise.all(QUEUED_KINDS.map((command) => inspectWorkers(actor, { command, ...destination })));
  return { workers: mergeReplies(results), inspectedAt, elapsedMs: Math.round(performance.now() - started) };
}

function mergeReplies(results: readonly InspectResult[]): QueuedWorker[] {
  const byHost = new Map<string, { tasks: QueuedTask[]; answered: number; problems: string[] }>();
  results.forEach((result, index) => {
    const kind = QUEUED_KINDS[index] as QueuedKind;
    for (const reply of result.replies) {
      const entry = byHost.get(reply.hostname) ?? { tasks: [], answered: 0, problems: [] };
      byHost.set(reply.hostname, entry);
      if (reply.status === "ok") {
        entry.answered += 1;
        entry.tasks.push(...queuedTasksFromReply(kind, reply.reply));
      } else {
        entry.problems.push(`${kind}: ${reply.message}`);
      }
    }
  });
  return [...byHost.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hostname, entry]) => {
      const tasks = sortQueuedTasks(entry.tasks);
      const counts = { active: 0, reserved: 0, scheduled: 0 } satisfies Record<QueuedKind, number>;
      for (const task of tasks) counts[task.kind] += 1;
      return {
        hostname,
        status: entry.answered === QUEUED_KINDS.length ? "ok" : entry.answered === 0 ? "no_reply" : "partial",
        message: entry.problems.length > 0 ? entry.problems.join("; ") : null,
        counts,
        tasks,
      };
    });
}
