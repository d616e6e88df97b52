import { z } from "zod";
import { DEFAULT_EXCHANGE, DEFAULT_QUEUE, isInternalQueue } from "@/lib/celery/redis-queues";

/** Queue and exchange names the sampler should look at, without duplicates. */
export type KnownQueues = { queues: string[]; exchanges: string[] };

// A kombu Queue as Celery serialises it (Queue.as_dict) in `inspect active_queues` and in the
// `task_queues` of `inspect conf`: only the names matter.
export const queueEntry = z.object({
  name: z.string().min(1),
  exchange: z.object({ name: z.string() }).nullish(),
});

/**
 * Names from the `active_queues` replies stored on worker rows. A row may hold the worker's
 * list of queues, or the whole reply keyed by hostname (`{"w1@vm": [...]}`) as the CLI prints
 * it; entries that do not look like kombu queues are skipped rather than failing the sample.
 */
export function knownQueuesFromActiveQueues(values: readonly unknown[]): KnownQueues {
  const queues = new Set<string>();
  const exchanges = new Set<string>();
  const visit = (value: unknown) => {
    for (const item of Array.isArray(value) ? value : []) {
      const entry = queueEntry.safeParse(item);
      if (!entry.success) continue;
      queues.add(entry.data.name);
      const exchange = entry.data.exchange?.name;
      if (exchange) exchanges.add(exchange);
    }
  };
  for (const value of values) {
    if (Array.isArray(value)) visit(value);
    else if (value !== null && typeof value === "object") for (const perWorker of Object.values(value)) visit(perWorker);
  }
  return { queues: [...queues], exchanges: [...exchanges] };
}

/**
 * Everything worth sampling: Celery's default queue, the configured names and what the
 * workers said they consume, minus mailboxes and reply queues.
 */
export function mergeKnownQueues(configured: readonly string[], ...sources: KnownQueues[]): KnownQueues {
  const queues = new Set<string>([DEFAULT_QUEUE, ...configured]);
  const exchanges = new Set<string>([DEFAULT_EXCHANGE]);
  for (const source of sources) {
    for (const queue of source.queues) queues.add(queue);
    for (const exchange of source.exchanges) exchanges.add(exchange);
  }
  return { queues: [...queues].filter((queue) => !isInternalQueue(queue)), exchanges: [...exchanges].filter((exchange) => exchange !== "") };
}
