/**
 * How kombu 5.2's Redis transport lays out Celery's queues (kombu/transport/redis.py), as
 * pure functions: which keys hold a queue's messages and how the routing table names queues.
 * The sampler in worker/maintenance does the Redis I/O with these names.
 *
 * - A queue is a LIST named after it; a message with priority N > 0 goes to the sub-list
 *   `<queue>\x06\x16<N>` (`_q_for_pri`), so the depth is the sum over all of them.
 * - The routing table of exchange E is the SET `_kombu.binding.E`, one member per bound
 *   queue: `<routing_key>\x06\x16<pattern>\x06\x16<queue>`.
 */

/** kombu's `Channel.sep`, between the parts of binding members and priority list names. */
export const KOMBU_SEPARATOR = "\x06\x16";

/** kombu's `keyprefix_queue`: the routing table of an exchange. */
export const BINDING_KEY_PREFIX = "_kombu.binding.";

/** Celery's `task_default_queue`, and its `task_default_exchange` (where tasks are routed by default). */
export const DEFAULT_QUEUE = "celery";
export const DEFAULT_EXCHANGE = "celery";

/**
 * Priorities that get their own list. Celery's default `priority_steps` are [0, 3, 6, 9],
 * but apps may set any steps in 0..9; asking for all nine costs one pipelined LLEN each.
 */
export const PRIORITY_LEVELS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9];

export type QueueBinding = { routingKey: string; pattern: string; queue: string };

export function bindingKey(exchange: string): string {
  return `${BINDING_KEY_PREFIX}${exchange}`;
}

/** One member of a `_kombu.binding.*` set; null when it is not kombu's three-part form. */
export function parseBindingMember(member: string): QueueBinding | null {
  const parts = member.split(KOMBU_SEPARATOR);
  // kombu itself unpacks exactly three parts (`routing_key, pattern, queue = ...split(sep)`).
  if (parts.length !== 3) return null;
  const [routingKey = "", pattern = "", queue = ""] = parts;
  return queue === "" ? null : { routingKey, pattern, queue };
}

/** kombu `_q_for_pri`: priority 0 lives in the queue's own list. */
export function priorityListName(queue: string, priority: number): string {
  return priority === 0 ? queue : `${queue}${KOMBU_SEPARATOR}${priority}`;
}

/** Every list that can hold messages of `queue`: its own, then the priority sub-lists. */
export function queueListNames(queue: string): string[] {
  return [queue, ...PRIORITY_LEVELS.map((priority) => priorityListName(queue, priority))];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Queues that carry no tasks, on either broker: remote-control mailboxes and their reply
 * queues (`<host>.celery.pidbox`, `<uuid>.reply.celery.pidbox`), event monitors' queues
 * (`celeryev.<uuid>`) and the rpc:// result backend's reply queues (named by a bare uuid).
 * Sampling them would chart the monitoring itself, and they come and go every few seconds.
 */
export function isInternalQueue(name: string): boolean {
  return name === "" || name.endsWith(".pidbox") || name.startsWith("celeryev.") || UUID.test(name);
}

/** The task queues named by the members of binding sets, in first-seen order, without duplicates. */
export function queuesFromBindings(members: Iterable<string>): string[] {
  const queues = new Set<string>();
  for (const member of members) {
    const binding = parseBindingMember(member);
    if (binding && !isInternalQueue(binding.queue)) queues.add(binding.queue);
  }
  return [...queues];
}
