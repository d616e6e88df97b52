import type { Redis } from "ioredis";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { taskIdSchema } from "@/lib/celery/control-messages";
import { ABORTED, abortedResultMeta, resultMetaKey } from "@/lib/celery/result-meta";
import { recordAudit } from "@/lib/repositories/audit-log";
import { assertCanAct } from "@/lib/services/authorize";
import { ControlServiceError } from "./control-service-error";
import { resultBackendConnection } from "./result-backend";
import { assertTasksKnown } from "./revoke";
import { parseInput } from "./run-command";

export const abortTaskInput = z.strictObject({
  id: taskIdSchema,
  /** abort an id Bloom has not seen (queued before Bloom started); default: refuse it */
  allowUnknown: z.boolean().default(false),
});
export type AbortTaskInput = z.input<typeof abortTaskInput>;

export type AbortResult = {
  taskId: string;
  /** false when the backend already held SUCCESS for the task: Celery leaves that alone */
  stored: boolean;
  /** the backend's state before the abort; PENDING when it held nothing */
  previousState: string;
};

/**
 * celery: `result_expires`, whose default (1 day) the workers' backend gives every record.
 * Bloom does not import the app, so it cannot know a different setting; a day outlives any
 * task that still polls `is_aborted()` in practice.
 */
export const ABORTED_RECORD_TTL_SECONDS = 86_400;

/**
 * Celery's `_store_result` reads the current record and skips the write when it is SUCCESS,
 * then SETEX + PUBLISH (the publish wakes clients waiting on the result). Here the read and
 * the write are one script, so a task finishing meanwhile cannot be overwritten (Celery
 * leaves that race open). A record that is not JSON is not ours to judge: refused (-1).
 * Returns the previous status, "" when there was none, or -1.
 */
const STORE_ABORTED = `
local current = redis.call('GET', KEYS[1])
local previous = ''
if current then
  local ok, meta = pcall(cjson.decode, current)
  if not ok or type(meta) ~= 'table' or type(meta['status']) ~= 'string' then return -1 end
  previous = meta['status']
  if previous == 'SUCCESS' then return {previous, 0} end
end
redis.call('SETEX', KEYS[1], ARGV[2], ARGV[1])
redis.call('PUBLISH', KEYS[1], ARGV[1])
return {previous, 1}
`;

/**
 * Flower's `POST /api/task/abort/<id>`: what `AbortableAsyncResult(id).abort()` does, i.e.
 * ABORTED stored in the Redis result backend exactly as Celery stores it. Only tasks built
 * on AbortableTask that poll `self.is_aborted()` react; for any other task this changes the
 * state a result reader sees and nothing else (revoke with terminate stops those). Admins
 * only; audited as `control.abort`.
 */
export async function abortTask(actor: Actor, input: AbortTaskInput): Promise<AbortResult> {
  const v = parseInput(abortTaskInput, input);
  await assertCanAct(actor, "control.abort", v.id);
  if (!v.allowUnknown) await assertTasksKnown([v.id]);
  const started = performance.now();
  const audit = (outcome: "ok" | "error", replies: Record<string, string | boolean>) =>
    recordAudit({ actor: actor.name, action: "control.abort", target: v.id, arguments: { taskId: v.id }, replies, outcome, durationMs: Math.round(performance.now() - started) });

  let answer: unknown;
  try {
    const redis = await resultBackendConnection();
    answer = await storeAborted(redis, v.id);
  } catch (error) {
    await audit("error", { error: error instanceof Error ? error.message : String(error) });
    if (error instanceof ControlServiceError) throw error;
    throw new ControlServiceError("broker_unavailable", `The result backend cannot be written: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(answer)) {
    await audit("error", { error: "the stored record is not JSON" });
    throw new ControlServiceError("unsupported", "The task's stored result is not JSON (another result_serializer, e.g. pickle): Bloom does not overwrite what it cannot read.");
  }
  const previousState = typeof answer[0] === "string" && answer[0] !== "" ? answer[0] : "PENDING";
  const stored = answer[1] === 1;
  await audit("ok", { stored, previousState, state: stored ? ABORTED : previousState });
  return { taskId: v.id, stored, previousState };
}

async function storeAborted(redis: Redis, taskId: string): Promise<unknown> {
  return redis.eval(STORE_ABORTED, 1, resultMetaKey(taskId), abortedResultMeta(taskId), String(ABORTED_RECORD_TTL_SECONDS));
}
