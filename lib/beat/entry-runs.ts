import type { JsonValue } from "@/lib/celery/json-value";
import type { BeatEntry } from "./beat-entry";
import type { ObservedRun } from "./run-analysis";

/** A stored task as the matcher needs it (lib/repositories/beat-task-runs.ts). */
export type TaskRunRow = {
  uuid: string;
  state: string;
  argsJson: unknown;
  kwargsJson: unknown;
  sentAt: Date | null;
  receivedAt: Date | null;
  firstSeenAt: Date;
  runtime: number | null;
};

/** JSON with object keys sorted, so {"a":1,"b":2} and {"b":2,"a":1} compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A task is a run of an entry when it has the entry's task name (the query's job) and its
 * arguments: beat sends exactly the entry's args/kwargs, so two entries of one task with
 * different arguments are told apart. A task whose arguments Bloom could not parse (a repr
 * that is not a Python literal) is counted by name alone.
 */
export function matchesEntryArguments(entry: Pick<BeatEntry, "args" | "kwargs">, task: Pick<TaskRunRow, "argsJson" | "kwargsJson">): boolean {
  const argsOk = task.argsJson === null || task.argsJson === undefined || canonical(task.argsJson) === canonical(entry.args as JsonValue);
  const kwargsOk = task.kwargsJson === null || task.kwargsJson === undefined || canonical(task.kwargsJson) === canonical(entry.kwargs as JsonValue);
  return argsOk && kwargsOk;
}

/** The moment beat sent it: task-sent's time when events for sent tasks are on, else when a worker received it. */
export function runTime(task: Pick<TaskRunRow, "sentAt" | "receivedAt" | "firstSeenAt">): number {
  return (task.sentAt ?? task.receivedAt ?? task.firstSeenAt).getTime();
}

export function observedRuns(entry: Pick<BeatEntry, "args" | "kwargs">, tasks: readonly TaskRunRow[]): ObservedRun[] {
  return tasks
    .filter((task) => matchesEntryArguments(entry, task))
    .map((task) => ({ taskId: task.uuid, at: runTime(task), state: task.state, runtime: task.runtime }));
}
