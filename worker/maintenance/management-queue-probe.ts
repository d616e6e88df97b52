import type { AmqpBrokerConfig } from "@/lib/celery/broker-url";
import { isInternalQueue } from "@/lib/celery/redis-queues";
import { listManagementQueues, managementApiFor, type ManagementApi } from "@/lib/broker/rabbitmq-management";
import type { QueueSampleRecord } from "@/lib/repositories/queue-samples";
import type { KnownQueues } from "./known-queues";
import type { QueueProbe } from "./queue-probe";

/**
 * Queue depths on RabbitMQ from the management API (BLOOM_BROKER_API, Flower's `--broker_api`):
 * one HTTP request per sample whatever the number of queues, instead of a passive declare
 * each. Same names as the AMQP probe (the known queues) and the same meaning of depth (ready
 * messages), so switching BLOOM_BROKER_API on or off does not bend the history chart.
 */
export class ManagementQueueProbe implements QueueProbe {
  readonly transport = "amqp" as const;
  private readonly api: ManagementApi;

  constructor(apiUrl: string, broker: AmqpBrokerConfig) {
    this.api = managementApiFor(apiUrl, broker);
  }

  async sample(known: KnownQueues): Promise<QueueSampleRecord[]> {
    const wanted = new Set(known.queues.filter((queue) => !isInternalQueue(queue)));
    const queues = await listManagementQueues(this.api);
    return queues.filter((queue) => wanted.has(queue.queue)).map((queue) => ({ queue: queue.queue, depth: queue.ready, consumers: queue.consumers }));
  }

  async close(): Promise<void> {
    // Stateless HTTP: nothing held open.
  }
}
