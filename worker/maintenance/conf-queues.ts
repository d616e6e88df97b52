import { z } from "zod";
import { queueEntry, type KnownQueues } from "./known-queues";

/**
 * Queue names in the routing settings of the workers' stored `inspect conf` replies: queues
 * the app declares or routes tasks to, including ones no worker consumes right now (their
 * messages pile up unseen otherwise). Celery sends these settings through `jsonify`, so
 * kombu Queue objects arrive as their `as_dict()` (the shape `active_queues` has).
 *
 * - `task_queues`: a list of queues;
 * - `task_routes`: a mapping `task name or glob → route`, or a list whose items are such
 *   mappings, lists of `[glob, route]` pairs, or router paths (code Bloom cannot run: skipped).
 *   A route is a queue name, or an object with `queue` (a name or a queue) and maybe `exchange`;
 * - `task_default_queue`: set only when the app renamed `celery` (conf omits defaults).
 *
 * Anything of another shape is skipped rather than failing the sample: the replies come from
 * workers of any Celery version and app.
 */
export const confQueueSettings = z.object({
  task_queues: z.unknown().optional(),
  task_routes: z.unknown().optional(),
  task_default_queue: z.unknown().optional(),
});

const nonEmpty = z.string().min(1);
const routeObject = z.object({ queue: z.unknown().optional(), exchange: z.unknown().optional() });

export function knownQueuesFromConfs(values: readonly unknown[]): KnownQueues {
  const queues = new Set<string>();
  const exchanges = new Set<string>();

  const addQueue = (value: unknown) => {
    const name = nonEmpty.safeParse(value);
    if (name.success) {
      queues.add(name.data);
      return;
    }
    const entry = queueEntry.safeParse(value);
    if (!entry.success) return;
    queues.add(entry.data.name);
    if (entry.data.exchange?.name) exchanges.add(entry.data.exchange.name);
  };

  const addRoute = (route: unknown) => {
    if (typeof route === "string") return addQueue(route);
    const parsed = routeObject.safeParse(route);
    if (!parsed.success) return;
    addQueue(parsed.data.queue);
    const exchange = nonEmpty.safeParse(parsed.data.exchange);
    if (exchange.success) exchanges.add(exchange.data);
  };

  const addRoutes = (routes: unknown): void => {
    if (Array.isArray(routes)) {
      for (const item of routes) {
        // `[glob, route]` (a pair of a MapRoute list) or a list of such pairs; a bare string is a router's import path.
        if (Array.isArray(item) && typeof item[0] === "string") addRoute(item[1]);
        else if (typeof item !== "string") addRoutes(item);
      }
    } else if (routes !== null && typeof routes === "object") {
      for (const route of Object.values(routes)) addRoute(route);
    }
  };

  for (const value of values) {
    const conf = confQueueSettings.safeParse(value);
    if (!conf.success) continue;
    if (Array.isArray(conf.data.task_queues)) for (const queue of conf.data.task_queues) addQueue(queue);
    addRoutes(conf.data.task_routes);
    addQueue(conf.data.task_default_queue);
  }
  return { queues: [...queues], exchanges: [...exchanges] };
}
