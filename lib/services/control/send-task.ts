import type { Actor } from "@/lib/auth/actor";
import { isJsonValue } from "@/lib/celery/control-messages";
import { isJsonObject, type JsonObject, type JsonValue } from "@/lib/celery/json-value";
import { TaskMessageError, buildTaskMessage, type TaskMessage } from "@/lib/celery/task-message";
import { ControlError, defaultOrigin } from "@/lib/control/control-channel";
import { recordAudit } from "@/lib/repositories/audit-log";
import { UNFINISHED_STATES, findRetriesOf, findRetrySource, recordSentTask } from "@/lib/repositories/control-lookups";
import { defaultDb } from "@/lib/repositories/db";
import { assertCanAct } from "@/lib/services/authorize";
import { getControlChannel } from "./control-channel-instance";
import { ControlServiceError } from "./control-service-error";
import { parseInput } from "./run-command";
import { retryTaskInput, sendTaskInput, type RetryTaskInput, type SendTaskInput } from "./schemas";

export type SentTask = {
  taskId: string;
  name: string;
  queue: string;
  args: JsonValue[];
  kwargs: JsonObject;
  /** ISO times as the message carries them, or null */
  eta: string | null;
  expires: string | null;
  /** the task this one re-sends (retry), or null */
  retriedFrom: string | null;
};

/**
 * Sends a task by name, as `app.send_task` would (protocol 2), and records it as PENDING so
 * it shows at once. The worker needs no change: it runs whatever is registered under the name
 * (an unknown name is rejected by the worker and shows as such).
 */
export async function sendTaskByName(actor: Actor, input: SendTaskInput): Promise<SentTask> {
  const v = parseInput(sendTaskInput, input);
  await assertCanAct(actor, "control.send-task", v.name);
  return sendAndRecord(actor, { action: "control.send-task", target: v.name }, v, null);
}

/**
 * Re-sends a finished task with the same name and arguments, and links the two (the new row's
 * retried_from). Arguments come from what the ingest parsed out of the events' Python reprs;
 * where that failed, nothing is guessed: the caller must give them as JSON.
 */
export async function retryTask(actor: Actor, input: RetryTaskInput): Promise<SentTask> {
  const v = parseInput(retryTaskInput, input);
  await assertCanAct(actor, "control.retry", v.id);
  const source = await findRetrySource(v.id, defaultDb());
  if (!source) throw new ControlServiceError("unknown_task", `Unknown task: ${v.id}`, "id");
  if (source.name === null) throw new ControlServiceError("conflict", "The task's name is not known yet (no event named it), so it cannot be sent again.", "id");
  if ((UNFINISHED_STATES as readonly string[]).includes(source.state)) {
    throw new ControlServiceError("conflict", `The task is ${source.state}: revoke it or let it finish before sending it again.`, "id");
  }
  const args = v.args ?? storedArgs(source.argsJson);
  if (args === null) {
    throw new ControlServiceError("invalid_input", `args: the stored arguments ${source.args ?? "(unknown)"} are not JSON; give them as a JSON array`, "args");
  }
  const kwargs = v.kwargs ?? storedKwargs(source.kwargsJson);
  if (kwargs === null) {
    throw new ControlServiceError("invalid_input", `kwargs: the stored keyword arguments ${source.kwargs ?? "(unknown)"} are not JSON; give them as a JSON object`, "kwargs");
  }
  const queue = v.queue ?? source.queue ?? source.routingKey ?? "celery";
  return sendAndRecord(actor, { action: "control.retry", target: v.id }, { name: source.name, queue, args, kwargs }, v.id);
}

/** The tasks re-sent from this one, for the task page's "retried as" links. */
export async function listRetriesOf(id: string): Promise<{ uuid: string; state: string }[]> {
  return findRetriesOf(id, defaultDb());
}

function storedArgs(value: unknown): JsonValue[] | null {
  return Array.isArray(value) && value.every((item) => isJsonValue(item)) ? value : null;
}

function storedKwargs(value: unknown): JsonObject | null {
  if (value === null || value === undefined) return {};
  return isJsonObject(value) && isJsonValue(value) ? value : null;
}

type Outgoing = {
  name: string;
  queue: string;
  args: JsonValue[];
  kwargs: JsonObject;
  countdown?: number | undefined;
  eta?: string | undefined;
  expires?: number | string | undefined;
  priority?: number | undefined;
};

async function sendAndRecord(actor: Actor, audit: { action: string; target: string }, task: Outgoing, retriedFrom: string | null): Promise<SentTask> {
  const started = performance.now();
  const origin = defaultOrigin();
  let message: TaskMessage;
  try {
    message = buildTaskMessage({
      name: task.name,
      args: task.args,
      kwargs: task.kwargs,
      origin,
      ...(task.countdown !== undefined ? { countdown: task.countdown } : {}),
      ...(task.eta !== undefined ? { eta: task.eta } : {}),
      ...(task.expires !== undefined ? { expires: task.expires } : {}),
    });
  } catch (error) {
    if (error instanceof TaskMessageError) throw new ControlServiceError("invalid_input", error.message, error.field);
    throw error;
  }
  const auditArguments: JsonObject = {
    name: task.name,
    queue: task.queue,
    args: task.args,
    kwargs: task.kwargs,
    eta: message.headers.eta,
    expires: message.headers.expires,
    priority: task.priority ?? null,
    retriedFrom,
  };
  try {
    await getControlChannel().sendTask(message, { queue: task.queue, ...(task.priority !== undefined ? { priority: task.priority } : {}) });
  } catch (error) {
    const failure =
      error instanceof ControlError && error.code === "invalid_argument"
        ? new ControlServiceError("invalid_input", error.message, error.field)
        : new ControlServiceError("broker_unavailable", `The task could not be sent: ${error instanceof Error ? error.message : String(error)}`);
    await recordAudit({ actor: actor.name, action: audit.action, target: audit.target, arguments: auditArguments, replies: { error: failure.message }, outcome: "error", durationMs: Math.round(performance.now() - started) });
    throw failure;
  }
  const id = message.headers.id;
  await recordSentTask(
    {
      uuid: id,
      name: task.name,
      args: message.headers.argsrepr,
      kwargs: message.headers.kwargsrepr,
      argsJson: task.args,
      kwargsJson: task.kwargs,
      queue: task.queue,
      client: origin,
      sentAt: new Date(),
      eta: message.headers.eta ? new Date(message.headers.eta) : null,
      expires: message.headers.expires ? new Date(message.headers.expires) : null,
      retriedFrom,
    },
    defaultDb(),
  );
  await recordAudit({ actor: actor.name, action: audit.action, target: audit.target, arguments: auditArguments, replies: { taskId: id }, outcome: "ok", durationMs: Math.round(performance.now() - started) });
  return { taskId: id, name: task.name, queue: task.queue, args: task.args, kwargs: task.kwargs, eta: message.headers.eta, expires: message.headers.expires, retriedFrom };
}
