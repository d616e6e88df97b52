import { listLatestQueueDepths } from "@/lib/repositories/queue-depth-reads";
import { QUEUE_SAMPLE_MAX_AGE_MS } from "./dashboard-overview";

export type QueueDepth = { queue: string; depth: number; consumers: number | null; sampledAt: number };

/**
 * `GET /api/v1/queues`: each queue's newest depth from the ingest's sampler (every 5 s), for
 * queues sampled within the last five minutes; a queue not sampled since has no current depth.
 */
export async function listQueueDepths(now = Date.now()): Promise<{ queues: QueueDepth[]; sampledSince: number }> {
  const since = now - QUEUE_SAMPLE_MAX_AGE_MS;
  const latest = await listLatestQueueDepths(new Date(since));
  return {
    queues: latest.map((sample) => ({ ...sample, sampledAt: sample.sampledAt.getTime() })).sort((a, b) => a.queue.localeCompare(b.queue)),
    sampledSince: since,
  };
}
