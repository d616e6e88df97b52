import type { Logger } from "pino";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { insertQueueSamples, listWorkerActiveQueues, type QueueSampleRecord } from "@/lib/repositories/queue-samples";
import { AmqpQueueProbe } from "./amqp-queue-probe";
import { knownQueuesFromActiveQueues, mergeKnownQueues } from "./known-queues";
import { ManagementQueueProbe } from "./management-queue-probe";
import type { QueueProbe } from "./queue-probe";
import { RedisQueueProbe } from "./redis-queue-probe";

export const DEFAULT_SAMPLE_INTERVAL_MS = 5_000;

/** `brokerApiUrl` (BLOOM_BROKER_API) switches RabbitMQ sampling to the management API; Redis ignores it, as Flower does. */
export function createQueueProbe(brokerUrl: string, log: Logger, brokerApiUrl?: string): QueueProbe {
  const config = parseBrokerUrl(brokerUrl);
  if (config.transport === "redis") return new RedisQueueProbe(config, log);
  return brokerApiUrl ? new ManagementQueueProbe(brokerApiUrl, config) : new AmqpQueueProbe(config, log);
}

/**
 * Writes one queue_samples row per queue and sample. The names come fresh from the worker
 * rows each time, so a queue a worker starts consuming shows up in the next sample.
 */
export async function sampleQueueDepths(
  prisma: PrismaClient,
  probe: QueueProbe,
  configuredQueues: readonly string[],
  nowSeconds = Date.now() / 1000,
): Promise<QueueSampleRecord[]> {
  const known = mergeKnownQueues(configuredQueues, knownQueuesFromActiveQueues(await listWorkerActiveQueues(prisma)));
  const samples = await probe.sample(known);
  await insertQueueSamples(prisma, samples, nowSeconds);
  return samples;
}
