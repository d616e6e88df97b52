import { defaultDb, type Db } from "./db";

export type LatestQueueDepth = { queue: string; depth: number; consumers: number | null; sampledAt: Date };

/**
 * The newest sample of every queue sampled since `since`. A queue nobody has sampled for
 * that long is not current any more, and bounding the scan keeps DISTINCT ON cheap.
 */
export async function listLatestQueueDepths(since: Date, db: Db = defaultDb()): Promise<LatestQueueDepth[]> {
  return db.$queryRawUnsafe<LatestQueueDepth[]>(
    `SELECT DISTINCT ON (queue) queue, depth::float8 AS depth, consumers, sampled_at AS "sampledAt"
     FROM queue_samples WHERE sampled_at >= $1::timestamptz
     ORDER BY queue, sampled_at DESC`,
    since,
  );
}

export type QueueDepthPoint = { queue: string; /** epoch ms */ bucketStart: number; /** deepest sample in the bucket */ depth: number };

/** Depth per queue and chart bucket; the maximum, because a backlog spike is what an admin looks for. */
export async function listQueueDepthHistory(range: { from: number; to: number; bucketSeconds: number }, db: Db = defaultDb()): Promise<QueueDepthPoint[]> {
  return db.$queryRawUnsafe<QueueDepthPoint[]>(
    `SELECT queue, (extract(epoch from date_bin(make_interval(secs => $3::float8), sampled_at, 'epoch'::timestamptz)) * 1000)::float8 AS "bucketStart",
       max(depth)::float8 AS depth
     FROM queue_samples
     WHERE sampled_at >= to_timestamp($1::float8) AND sampled_at < to_timestamp($2::float8)
     GROUP BY 1, 2 ORDER BY 2, 1`,
    range.from / 1000,
    range.to / 1000,
    range.bucketSeconds,
  );
}
