import type { Actor } from "@/lib/auth/actor";
import type { TaskSendBody } from "@/lib/flower/params";
import { READY_STATES, toFlowerResult, type FlowerResult } from "@/lib/flower/result-shape";
import { HttpError, notFound } from "@/lib/http/errors";
import { listRegisteredTaskNames } from "@/lib/repositories/flower-reads";
import { parseInstant } from "@/lib/schemas/date-range";
import {
  abortTask,
  addConsumer,
  autoscaleWorker,
  cancelConsumer,
  ControlServiceError,
  poolGrow,
  poolRestart,
  poolShrink,
  readTaskResult,
  revokeTasks,
  sendTaskByName,
  setRateLimit,
  setTimeLimit,
  shutdownWorker,
  type CommandResult,
} from "@/lib/services/control";
import { InvalidParameterError } from "./service-errors";

/*
 * Flower 2.1's POST API over Bloom's control service (lib/services/control): the same
 * commands, role checks and audit rows as the console, answered in Flower's JSON
 * (`{"message": ...}`, e2e/flower-fixtures/worker-*.json, task-*.json). Where a worker refuses
 * (autoscale on a worker without --autoscale) Flower answers 403 with the worker's reason;
 * so does Bloom, as JSON.
 */

type Message = { message: string };

/** The worker's own text ({"ok": "..."}), else the fallback; a refusal or silence is an error. */
function answered(result: CommandResult, hostname: string, failure: string, ok: (text: string | null) => string): Message {
  const reply = result.replies.find((candidate) => candidate.hostname === hostname) ?? result.replies[0];
  if (result.outcome === "timeout" || !reply || reply.status === "no_reply") {
    throw new HttpError(504, "timeout", `${failure}: no reply from ${hostname} within ${Math.round(result.elapsedMs / 100) / 10} s`);
  }
  if (reply.status === "error") throw new HttpError(403, "worker_refused", `${failure}: ${reply.message}`);
  const text = typeof reply.reply === "object" && reply.reply !== null && !Array.isArray(reply.reply) && typeof reply.reply.ok === "string" ? reply.reply.ok : null;
  return { message: ok(text) };
}

export async function flowerShutdown(actor: Actor, hostname: string): Promise<Message> {
  await shutdownWorker(actor, { hostname });
  return { message: "Shutting down!" };
}

export async function flowerPoolRestart(actor: Actor, hostname: string): Promise<Message> {
  const result = await poolRestart(actor, { hostname, reload: false });
  return answered(result, hostname, `Failed to restart the '${hostname}' pool`, () => `Restarting '${hostname}' worker's pool`);
}

export async function flowerPoolGrow(actor: Actor, hostname: string, n: number): Promise<Message> {
  const result = await poolGrow(actor, { hostname, n });
  return answered(result, hostname, `Failed to grow '${hostname}' worker's pool`, () => `Growing '${hostname}' worker's pool by ${n}`);
}

export async function flowerPoolShrink(actor: Actor, hostname: string, n: number): Promise<Message> {
  const result = await poolShrink(actor, { hostname, n });
  return answered(result, hostname, `Failed to shrink '${hostname}' worker's pool`, () => `Shrinking '${hostname}' worker's pool by ${n}`);
}

export async function flowerAutoscale(actor: Actor, hostname: string, min: number, max: number): Promise<Message> {
  const result = await autoscaleWorker(actor, { hostname, min, max });
  return answered(result, hostname, `Failed to autoscale '${hostname}' worker`, () => `Autoscaling '${hostname}' worker (min=${min}, max=${max})`);
}

export async function flowerAddConsumer(actor: Actor, hostname: string, queue: string): Promise<Message> {
  const result = await addConsumer(actor, { hostname, queue });
  return answered(result, hostname, `Failed to add '${queue}' consumer to '${hostname}' worker`, (text) => text ?? `add consumer ${queue}`);
}

export async function flowerCancelConsumer(actor: Actor, hostname: string, queue: string): Promise<Message> {
  const result = await cancelConsumer(actor, { hostname, queue });
  return answered(result, hostname, `Failed to cancel '${queue}' consumer from '${hostname}' worker`, (text) => text ?? `no longer consuming from ${queue}`);
}

export async function flowerTimeLimit(actor: Actor, taskName: string, params: { workername: string; soft?: number | undefined; hard?: number | undefined }): Promise<Message> {
  const result = await setTimeLimit(actor, { hostname: params.workername, taskName, soft: params.soft ?? null, hard: params.hard ?? null });
  return answered(result, params.workername, "Failed to set timeouts", (text) => text ?? "time limits set successfully");
}

export async function flowerRateLimit(actor: Actor, taskName: string, params: { workername: string; ratelimit: string }): Promise<Message> {
  const result = await setRateLimit(actor, { hostname: params.workername, taskName, rateLimit: params.ratelimit });
  return answered(result, params.workername, "Failed to set rate limit", (text) => text ?? "new rate limit set successfully");
}

/** Flower revokes any id, known or not (a task still queued may be unknown to Bloom). */
export async function flowerRevoke(actor: Actor, taskId: string, params: { terminate?: boolean | undefined; signal?: string | undefined }): Promise<Message> {
  await revokeTasks(actor, { taskIds: [taskId], terminate: params.terminate ?? false, ...(params.signal ? { signal: params.signal } : {}), allowUnknown: true });
  return { message: `Revoked '${taskId}'` };
}

/**
 * Flower's abort: ABORTED stored in the result backend for tasks that poll `is_aborted()`
 * (celery.contrib.abortable). Like Flower, any id is accepted and the answer is the same
 * whether or not the backend already held SUCCESS (then Celery, and Bloom, change nothing).
 */
export async function flowerAbort(actor: Actor, taskId: string): Promise<Message> {
  await abortTask(actor, { id: taskId, allowUnknown: true });
  return { message: `Aborted '${taskId}'` };
}

const POLL_MS = 200;

/** `GET /api/task/result/<id>`: the backend's answer now, or within `timeoutSeconds` once the task is ready. */
export async function readFlowerTaskResult(actor: Actor, taskId: string, timeoutSeconds: number): Promise<FlowerResult> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const stored = await readTaskResult(actor, { id: taskId });
    // celery: Flower's timeout on an unfinished task ends in a 500; Bloom answers the state it has.
    if (READY_STATES.has(stored.state) || Date.now() + POLL_MS > deadline) return toFlowerResult(stored);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export type SendMode = "apply" | "async-apply" | "send-task";

/** How long `apply` waits for the result (Flower waits without end, holding a connection). */
export const APPLY_MAX_WAIT_SECONDS = 60;

/**
 * `/api/task/apply|async-apply|send-task/<name>`: sends the task (protocol 2, the console's
 * path), then for `apply` waits for its result. apply and async-apply need a task some worker
 * registered (Flower: its own app's registry; 404 otherwise); send-task sends any name.
 */
export async function flowerSendTask(actor: Actor, mode: SendMode, name: string, body: TaskSendBody): Promise<FlowerResult> {
  if (mode !== "send-task") {
    const registered = await listRegisteredTaskNames();
    if (registered !== null && !registered.has(name)) throw notFound(`Unknown task '${name}'`);
  }
  const sent = await sendTaskByName(actor, {
    name,
    ...(body.queue ? { queue: body.queue } : {}),
    ...(body.args ? { args: body.args } : {}),
    ...(body.kwargs ? { kwargs: body.kwargs } : {}),
    ...(body.countdown !== undefined ? { countdown: body.countdown } : {}),
    ...(body.eta !== undefined ? { eta: isoTime("eta", body.eta) } : {}),
    ...(body.expires !== undefined ? { expires: typeof body.expires === "number" ? body.expires : isoTime("expires", body.expires) } : {}),
    ...(body.priority !== undefined ? { priority: body.priority } : {}),
  });
  const answer = await readResultOrId(actor, sent.taskId, mode === "apply" ? APPLY_MAX_WAIT_SECONDS : 0);
  // Flower's async-apply and send-task report the state only, even when the task already finished.
  return mode === "apply" ? answer : { "task-id": answer["task-id"], ...(answer.state !== undefined ? { state: answer.state } : {}) };
}

/** Without a readable result backend Flower answers the id alone; so does Bloom. */
async function readResultOrId(actor: Actor, taskId: string, waitSeconds: number): Promise<FlowerResult> {
  try {
    return await readFlowerTaskResult(actor, taskId, waitSeconds);
  } catch (error) {
    if (error instanceof ControlServiceError && error.code === "unsupported") return { "task-id": taskId };
    throw error;
  }
}

/** Flower's `%Y-%m-%d %H:%M:%S.%f` (naive: UTC, as Celery reads it with enable_utc) or ISO 8601. */
function isoTime(param: string, text: string): string {
  const date = parseInstant(text);
  if (date === null) throw new InvalidParameterError(param, 'must be a time like "2026-11-23 14:05:00.000000" (UTC) or ISO 8601');
  return date.toISOString();
}
