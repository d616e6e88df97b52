import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

export type QueueSampleRecord = {
  queue: string;
  /** messages waiting (Redis: the list and its priority sub-lists; RabbitMQ: ready messages) */
  depth: number;
  /** consumers attached (RabbitMQ); null where the broker cannot tell (Redis) */
  consumers: number | null;
};

/** One round trip for the whole sample; every row gets the same time so a chart lines them up. */
export async function insertQueueSamples(db: Db, samples: readonly QueueSampleRecord[], sampledAtSeconds: number): Promise<void> {
  if (samples.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO queue_samples (queue, depth, consumers, sampled_at)
     SELECT u.queue, u.depth, u.consumers, to_timestamp($4::float8)
     FROM unnest($1::text[], $2::int8[], $3::int4[]) AS u(queue, depth, consumers)`,
    samples.map((sample) => sample.queue),
    samples.map((sample) => Math.trunc(sample.depth)),
    samples.map((sample) => sample.consumers),
    sampledAtSeconds,
  );
}

/** What the workers told Bloom about their queues, as parsed JSON (unvalidated: the caller checks the shape). */
export type WorkerQueueSources = {
  /** `active_queues` replies: the queues each worker consumes */
  activeQueues: unknown[];
  /** `task_queues`, `task_routes` and `task_default_queue` of each `conf` reply */
  confs: unknown[];
};

/**
 * The inspect replies stored on worker rows that name queues. Offline workers count too:
 * their queues may still fill up. Only the routing settings of `conf` leave the database
 * (the rest, e.g. a large beat_schedule, is not needed every few seconds); a reply stored
 * wrapped as `{hostname: conf}` (the CLI's shape) is unwrapped here as well.
 */
export async function listWorkerQueueSources(db: Db): Promise<WorkerQueueSources> {
  const rows = await db.$queryRawUnsafe<{ active: string | null; conf: string | null }[]>(
    `SELECT active_queues::text AS active,
       CASE WHEN jsonb_typeof(c) = 'object'
         THEN jsonb_build_object('task_queues', c->'task_queues', 'task_routes', c->'task_routes', 'task_default_queue', c->'task_default_queue')::text
       END AS conf
     FROM (
       SELECT active_queues, CASE WHEN jsonb_typeof(conf) = 'object' AND conf ? hostname THEN conf->hostname ELSE conf END AS c
       FROM workers WHERE active_queues IS NOT NULL OR conf IS NOT NULL
     ) w`,
  );
  const parsed = (json: string | null): unknown[] => (json === null ? [] : [JSON.parse(json) as unknown]);
  return { activeQueues: rows.flatMap((row) => parsed(row.active)), confs: rows.flatMap((row) => parsed(row.conf)) };
}
