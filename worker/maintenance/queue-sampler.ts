import type { Logger } from "pino";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { insertQueueSamples, listWorkerQueueSources, type QueueSampleRecord } from "@/lib/repositories/queue-samples";
import { AmqpQueueProbe } from "./amqp-queue-probe";
import { knownQueuesFromConfs } from "./conf-queues";
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
 * rows each time, so a queue a worker starts consuming shows up in the next sample: every
 * queue a worker consumes and every queue its conf declares or routes to, sampled by name
 * whatever exchange it is bound to (on Redis the known exchanges' bindings add the rest).
 */
export async function sampleQueueDepths(
  prisma: PrismaClient,
  probe: QueueProbe,
  configuredQueues: readonly string[],
  nowSeconds = Date.now() / 1000,
): Promise<QueueSampleRecord[]> {
  const reported = await listWorkerQueueSources(prisma);
  const known = mergeKnownQueues(configuredQueues, knownQueuesFromActiveQueues(reported.activeQueues), knownQueuesFromConfs(reported.confs));
  const samples = await probe.sample(known);
  await insertQueueSamples(prisma, samples, nowSeconds);
  return samples;
}
