import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/repositories/audit-log";
import { findKnownTaskIds, findUnfinishedTasksByName, type MatchedTask } from "@/lib/repositories/control-lookups";
import { defaultDb } from "@/lib/repositories/db";
import { assertCanAct } from "@/lib/services/authorize";
import { ControlServiceError } from "./control-service-error";
import { command, parseInput, runControlAction, type CommandResult } from "./run-command";
import {
  MAX_PATTERN_MATCHES,
  revokeByNameInput,
  revokeInput,
  terminateInput,
  type RevokeByNameInput,
  type RevokeInput,
  type TerminateInput,
} from "./schemas";

/**
 * Revoke goes to every worker, as in Celery: each keeps the id in its revoked set, so a
 * queued copy is skipped wherever it lands; with `terminate` the worker running it also
 * signals the process. The wait ends once every worker Postgres knows is online answered.
 */
export async function revokeTasks(actor: Actor, input: RevokeInput): Promise<CommandResult> {
  const v = parseInput(revokeInput, input);
  return runControlAction(actor, {
    action: v.terminate ? "control.terminate" : "control.revoke",
    target: describeIds(v.taskIds),
    command: command("revoke", { taskId: v.taskIds, terminate: v.terminate, signal: v.signal }),
    timeoutMs: v.timeoutMs,
    precheck: v.allowUnknown ? undefined : () => assertTasksKnown(v.taskIds),
  });
}

/** revoke with terminate=True (Celery's `terminate` command is the same thing). */
export async function terminateTasks(actor: Actor, input: TerminateInput): Promise<CommandResult> {
  const v = parseInput(terminateInput, input);
  return revokeTasks(actor, { taskIds: v.taskIds, terminate: true, signal: v.signal, allowUnknown: v.allowUnknown, timeoutMs: v.timeoutMs });
}

export type RevokeByNameResult = {
  pattern: string;
  /** the queued or running tasks the pattern matched in Postgres (at most MAX_PATTERN_MATCHES) */
  matched: MatchedTask[];
  /** null when nothing matched: then nothing was sent */
  result: CommandResult | null;
};

/**
 * Revokes every queued or running task whose name matches `pattern` (`*` is the only
 * wildcard), found in Postgres. celery: Celery 5.2 can only revoke by id; newer Celery's
 * revoke_by_stamped_headers needs stamped tasks, so Bloom resolves names to ids itself.
 */
export async function revokeTasksByName(actor: Actor, input: RevokeByNameInput): Promise<RevokeByNameResult> {
  const v = parseInput(revokeByNameInput, input);
  await assertCanAct(actor, "control.revoke-by-name", v.pattern);
  const matched = await findUnfinishedTasksByName(globToLike(v.pattern), MAX_PATTERN_MATCHES, defaultDb());
  if (matched.length === 0) {
    await recordAudit({ actor: actor.name, action: "control.revoke-by-name", target: v.pattern, arguments: { pattern: v.pattern, matched: 0 }, replies: [], outcome: "ok", durationMs: 0 });
    return { pattern: v.pattern, matched, result: null };
  }
  const ids = matched.map((task) => task.uuid);
  const result = await runControlAction(actor, {
    action: "control.revoke-by-name",
    target: v.pattern,
    command: command("revoke", { taskId: ids, terminate: v.terminate, signal: v.signal }),
    timeoutMs: v.timeoutMs,
    auditArguments: { pattern: v.pattern },
  });
  return { pattern: v.pattern, matched, result };
}

/** `proj.reports.*` → `proj.reports.%`, with LIKE's own wildcards and escape taken literally. */
export function globToLike(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (ch) => `\\${ch}`).replaceAll("*", "%");
}

/** 404 for ids Bloom never stored: a typo must not be acted on silently. */
export async function assertTasksKnown(ids: readonly string[]): Promise<void> {
  const known = await findKnownTaskIds(ids, defaultDb());
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ControlServiceError("unknown_task", `Unknown task${unknown.length > 1 ? "s" : ""}: ${describeIds(unknown)}`, "taskIds");
  }
}

function describeIds(ids: readonly string[]): string {
  return ids.length === 1 ? (ids[0] ?? "") : `${ids.length} tasks (${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ", …" : ""})`;
}
