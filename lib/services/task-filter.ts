import { listDistinctTaskValues } from "@/lib/repositories/task-filter-values";
import { escapeLike, type TaskFilter, type TextMatch } from "@/lib/repositories/task-list-sql";
import { resolveDateRange } from "@/lib/schemas/date-range";
import type { TaskFilterParams } from "@/lib/schemas/task-list";

/** More distinct names than this and a name search only looks among the first ones. */
export const MAX_KNOWN_NAMES = 5_000;

/**
 * The repository filter for validated URL parameters at `now` (a relative range becomes
 * absolute here, once, so every query of one request sees the same bounds).
 */
export async function toTaskFilter(params: TaskFilterParams, now: Date): Promise<TaskFilter> {
  const { from, to } = resolveDateRange(params, now);
  return {
    ...(params.state ? { states: params.state } : {}),
    ...(params.name !== undefined ? { name: params.name } : {}),
    ...(params.worker !== undefined ? { worker: params.worker } : {}),
    ...(params.queue !== undefined ? { queue: params.queue } : {}),
    ...(from ? { receivedFrom: from } : {}),
    ...(to ? { receivedTo: to } : {}),
    ...(params.q !== undefined ? { text: await textMatch(params.q) } : {}),
  };
}

/**
 * Task names are few and repeat on every row, so instead of a trigram index over a million
 * copies of them a search compares the text with the distinct names and matches rows by
 * name equality (tasks_name_received_idx).
 */
async function textMatch(text: string): Promise<TextMatch> {
  const needle = text.toLowerCase();
  const names = (await listDistinctTaskValues("name", MAX_KNOWN_NAMES)).filter((name) => name.toLowerCase().includes(needle));
  const escaped = escapeLike(text);
  return { exact: text, prefix: text, contains: `%${escaped}%`, names };
}
