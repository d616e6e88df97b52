import type { Actor } from "@/lib/auth/actor";
import type { JsonValue } from "@/lib/celery/json-value";
import { parseResultMeta, resultMetaKey } from "@/lib/celery/result-meta";
import { ControlServiceError } from "./control-service-error";
import { resultBackendConnection } from "./result-backend";
import { parseInput } from "./run-command";
import { taskResultInput, type TaskResultInput } from "./schemas";

export type TaskResult = {
  taskId: string;
  /** Celery's state; PENDING when the backend holds nothing for the id (as AsyncResult says) */
  state: string;
  /** false when the backend has no record: unknown, unfinished, or expired (result_expires) */
  found: boolean;
  result: JsonValue | null;
  traceback: string | null;
  /** ISO time, or null */
  dateDone: string | null;
};

/** A task's result from the Redis result backend (`celery-task-meta-<id>`, JSON), for the API's task result. */
export async function readTaskResult(_actor: Actor, input: TaskResultInput): Promise<TaskResult> {
  const v = parseInput(taskResultInput, input);
  const redis = await resultBackendConnection();
  let raw: string | null;
  try {
    raw = await redis.get(resultMetaKey(v.id));
  } catch (error) {
    throw new ControlServiceError("broker_unavailable", `The result backend cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (raw === null) return { taskId: v.id, state: "PENDING", found: false, result: null, traceback: null, dateDone: null };
  const meta = parseResultMeta(raw);
  if (!meta) throw new ControlServiceError("unsupported", "The stored result is not JSON (another result_serializer, e.g. pickle): Bloom does not decode it.");
  return {
    taskId: v.id,
    state: meta.status,
    found: true,
    result: meta.result === null ? null : (JSON.parse(meta.result) as JsonValue),
    traceback: meta.traceback,
    dateDone: meta.dateDone === null ? null : new Date(meta.dateDone * 1000).toISOString(),
  };
}

export { closeResultBackend } from "./result-backend";
