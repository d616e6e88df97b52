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

/**
 * The `active_queues` inspect replies stored on worker rows, as parsed JSON (unvalidated:
 * the caller checks the shape). Offline workers count too: their queues may still fill up.
 */
export async function listWorkerActiveQueues(db: Db): Promise<unknown[]> {
  const rows = await db.$queryRawUnsafe<{ json: string }[]>(`SELECT active_queues::text AS json FROM workers WHERE active_queues IS NOT NULL`);
  return rows.map((row) => JSON.parse(row.json) as unknown);
}
