/**
 * `GET /api/task/result/<id>` and `/api/task/apply` answers in Flower 2.1's shape
 * (e2e/flower-fixtures/task-result-*.json): `task-id` and `state`, then `result` once the task
 * is ready, plus `traceback` for failures. Flower gives the exception as Python's repr of the
 * exception object (`ValueError('boom')`); the Redis backend stores it as JSON
 * ({exc_type, exc_message, exc_module}), so the repr is rebuilt from that.
 */
/** `state` is left out only when no result backend can be read (as Flower does). */
export type FlowerResult = { "task-id": string; state?: string; result?: unknown; traceback?: string | null };

export const READY_STATES = new Set(["SUCCESS", "FAILURE", "REVOKED"]);

export type StoredResult = { taskId: string; state: string; found: boolean; result: unknown; traceback: string | null };

export function toFlowerResult(stored: StoredResult): FlowerResult {
  const answer: FlowerResult = { "task-id": stored.taskId, state: stored.state };
  if (!stored.found || !READY_STATES.has(stored.state)) return answer;
  if (stored.state === "FAILURE" || stored.state === "REVOKED") {
    answer.result = exceptionRepr(stored.result);
    if (stored.state === "FAILURE") answer.traceback = stored.traceback;
    return answer;
  }
  answer.result = stored.result;
  return answer;
}

/** `ValueError('boom')` from Celery's JSON form of an exception; anything else as Python would print it. */
export function exceptionRepr(value: unknown): string {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "exc_type" in value && typeof value.exc_type === "string") {
    const message = "exc_message" in value ? value.exc_message : [];
    const args = Array.isArray(message) ? message : [message];
    return `${value.exc_type}(${args.map(pythonRepr).join(", ")})`;
  }
  return pythonRepr(value);
}

/** Python's repr() of a JSON value (str → 'x', null → None, true → True). */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : pythonFloat(value);
  if (typeof value === "string") return quote(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "object") return `{${Object.entries(value).map(([key, item]) => `${quote(key)}: ${pythonRepr(item)}`).join(", ")}}`;
  return quote(String(value));
}

function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return String(value);
}

/** Python prefers single quotes, and double quotes when the text holds a ' but no ". */
function quote(text: string): string {
  const q = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t").replaceAll(q, `\\${q}`);
  return `${q}${body}${q}`;
}
