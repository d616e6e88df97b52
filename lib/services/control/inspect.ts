import type { Actor } from "@/lib/auth/actor";
import type { ControlCommand } from "@/lib/celery/control-messages";
import { defaultDb } from "@/lib/repositories/db";
import { saveWorkerSnapshots, type WorkerSnapshot } from "@/lib/repositories/control-lookups";
import { listOnlineWorkerNames } from "@/lib/repositories/worker-inspections";
import { maskSecrets } from "@/lib/security/mask-secrets";
import { loadSettings } from "@/lib/config/settings";
import { MAX_BROADCAST_TIMEOUT_MS } from "@/lib/control/control-channel";
import { ControlServiceError } from "./control-service-error";
import { assertWorkersKnown, broadcast, command, parseInput, type CommandOutcome, type WorkerReply } from "./run-command";
import { inspectInput, refreshInput, type InspectCommand, type InspectInput, type RefreshInput } from "./schemas";

/**
 * Read-only commands. They change nothing, so any signed-in actor may run them and they are
 * not audited (an audit row per page refresh would drown the actions that matter); the
 * `conf` replies have their secrets masked, as on the worker page.
 */

export type InspectResult = {
  command: InspectCommand;
  outcome: CommandOutcome;
  replies: WorkerReply[];
  elapsedMs: number;
};

/** BLOOM_INSPECT_TIMEOUT (Flower's --inspect_timeout, 1 s by default). */
function inspectTimeoutMs(): number {
  return Math.min(MAX_BROADCAST_TIMEOUT_MS, Math.round(loadSettings().inspectTimeoutMs));
}

export async function inspectWorkers(_actor: Actor, input: InspectInput): Promise<InspectResult> {
  const v = parseInput(inspectInput, input);
  if (v.destination) await assertWorkersKnown(v.destination);
  const timeoutMs = v.timeoutMs ?? inspectTimeoutMs();
  const sent = await broadcast({ command: inspectCommand(v.command, v), ...(v.destination ? { destination: v.destination } : {}), timeoutMs });
  if (v.destination && sent.replies.every((reply) => reply.status === "no_reply")) {
    throw new ControlServiceError("timeout", `No reply from ${v.destination.join(", ")} within ${timeoutMs / 1000} s: the worker may be busy, offline or gone.`);
  }
  const replies = v.command === "conf" ? sent.replies.map((reply) => ({ ...reply, reply: reply.reply === null ? null : maskSecrets(reply.reply) })) : sent.replies;
  return { command: v.command, outcome: sent.outcome, replies, elapsedMs: Math.round(sent.elapsedMs) };
}

function inspectCommand(name: InspectCommand, v: { taskIds?: string[] | undefined; taskinfoitems?: string[] | undefined }): ControlCommand {
  switch (name) {
    case "query_task":
      return command("query_task", { ids: v.taskIds ?? [] });
    case "registered":
      return command("registered", v.taskinfoitems ? { taskinfoitems: v.taskinfoitems } : {});
    case "conf":
      return command("conf", { withDefaults: false });
    case "active":
      return command("active", {});
    default:
      return command(name, {});
  }
}

export type RefreshResult = {
  /** workers whose replies were stored */
  refreshed: string[];
  /** workers Postgres believes online that did not answer in time */
  missing: string[];
  elapsedMs: number;
};

type StoredKind = "stats" | "registered" | "activeQueues" | "conf";
/** What the ingest worker polls and the workers table stores (lib/repositories/worker-inspections.ts). */
const STORED: readonly (readonly [InspectCommand & ("stats" | "registered" | "active_queues" | "conf"), StoredKind])[] = [
  ["stats", "stats"],
  ["registered", "registered"],
  ["active_queues", "activeQueues"],
  ["conf", "conf"],
];

/**
 * Inspects the workers now and stores the replies, for `?refresh=1` and the console's
 * refresh: the four inspections run at once on one channel, each ending as soon as every
 * online worker answered (Flower waits its full timeout here: 2,036 ms with 3 workers), and
 * the replies are stored in one statement.
 */
export async function refreshWorkers(_actor: Actor, input: RefreshInput = {}): Promise<RefreshResult> {
  const v = parseInput(refreshInput, input);
  if (v.hostname) await assertWorkersKnown([v.hostname]);
  const timeoutMs = v.timeoutMs ?? inspectTimeoutMs();
  const started = performance.now();
  const at = new Date();
  const destination = v.hostname ? [v.hostname] : undefined;
  // One lookup of the online workers for the four broadcasts.
  const expected = destination ?? (await listOnlineWorkerNames(defaultDb()));
  const results = await Promise.all(
    STORED.map(([name]) => broadcast({ command: command(name, name === "conf" ? { withDefaults: false } : {}), ...(destination ? { destination } : {}), expected, timeoutMs })),
  );
  const snapshots = new Map<string, WorkerSnapshot>();
  results.forEach((sent, i) => {
    const kind = STORED[i]?.[1];
    if (!kind) return;
    for (const reply of sent.replies) {
      if (reply.status !== "ok" || reply.reply === null) continue;
      const snapshot = snapshots.get(reply.hostname) ?? { hostname: reply.hostname, stats: null, registered: null, activeQueues: null, conf: null };
      snapshot[kind] = JSON.stringify(reply.reply);
      snapshots.set(reply.hostname, snapshot);
    }
  });
  await saveWorkerSnapshots([...snapshots.values()], at, defaultDb());
  const statsReplies = results[0]?.replies ?? [];
  return {
    refreshed: statsReplies.filter((reply) => reply.status === "ok").map((reply) => reply.hostname),
    missing: statsReplies.filter((reply) => reply.status === "no_reply").map((reply) => reply.hostname),
    elapsedMs: Math.round(performance.now() - started),
  };
}
