/**
 * The management API client and the sampler's management probe against the rig's real
 * RabbitMQ 3.10 (management plugin on): depth, unacknowledged messages, consumers and the
 * rates RabbitMQ computes, for a queue this test fills and drains. RabbitMQ refreshes its
 * queue statistics every few seconds, so figures are waited for, never assumed.
 */
import crypto from "node:crypto";
import { connect as amqpConnect, type Channel, type ChannelModel } from "amqplib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "@/e2e/rig";
import { parseBrokerUrl, type AmqpBrokerConfig } from "@/lib/celery/broker-url";
import { ManagementQueueProbe } from "@/worker/maintenance/management-queue-probe";
import { listManagementQueues, ManagementApiError, managementApiFor, type ManagementQueue } from "./rabbitmq-management";

const queue = `mgmt-${crypto.randomUUID().slice(0, 8)}`;
let broker: AmqpBrokerConfig;
let apiUrl: string;
let connection: ChannelModel;
let channel: Channel;

beforeAll(async () => {
  const config = parseBrokerUrl(inject("amqpUrl"));
  if (config.transport !== "amqp") throw new Error("the rig's amqpUrl is not amqp");
  broker = config;
  const management = new URL(inject("rabbitManagementUrl"));
  apiUrl = `http://guest:guest@${management.host}/api/`;
  connection = await amqpConnect(inject("amqpUrl"));
  channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true });
});

afterAll(async () => {
  await channel.deleteQueue(queue).catch(() => undefined);
  await connection.close();
});

const find = async (api = managementApiFor(apiUrl, broker)): Promise<ManagementQueue | undefined> =>
  (await listManagementQueues(api)).find((row) => row.queue === queue);

describe("RabbitMQ management API", () => {
  it("gives depth, unacknowledged messages, consumers and rates", async () => {
    for (let i = 0; i < 5; i += 1) channel.sendToQueue(queue, Buffer.from(`m${i}`), { persistent: true });
    await waitFor("5 ready messages in the management API", async () => (await find())?.ready === 5, { timeoutMs: 30_000, intervalMs: 500 });
    expect(await find()).toMatchObject({ ready: 5, unacked: 0, consumers: 0 });

    // A consumer that takes two and never acknowledges them.
    const consumer = await connection.createChannel();
    await consumer.prefetch(2);
    await consumer.consume(queue, () => undefined, { noAck: false });
    const held = await waitFor(
      "a consumer holding 2 unacknowledged messages",
      async () => {
        const row = await find();
        return row?.consumers === 1 && row.unacked === 2 ? row : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(held.ready).toBe(3);
    expect(held.rates?.deliver).not.toBeNull();

    // Keep publishing until RabbitMQ's next statistics round reports a publish rate.
    let published = 0;
    const rates = await waitFor(
      "a publish rate above 0",
      async () => {
        for (let i = 0; i < 10; i += 1) channel.sendToQueue(queue, Buffer.from(`r${published++}`));
        const row = await find();
        return (row?.rates?.publish ?? 0) > 0 ? row?.rates : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(rates?.publish).toBeGreaterThan(0);
    await consumer.close();
  });

  it("takes the broker URL's credentials when BLOOM_BROKER_API has none", async () => {
    const management = new URL(inject("rabbitManagementUrl"));
    const api = managementApiFor(`http://${management.host}/api`, broker);
    expect(api.base).toBe(`http://${management.host}/api/`);
    expect(await find(api)).toBeDefined();
  });

  it("says what is wrong with bad credentials, and with nothing listening", async () => {
    const management = new URL(inject("rabbitManagementUrl"));
    const wrong = managementApiFor(`http://guest:wrong@${management.host}/api/`, broker);
    await expect(listManagementQueues(wrong)).rejects.toThrow(ManagementApiError);
    await expect(listManagementQueues(wrong)).rejects.toThrow(/401 \(check the credentials/);
    const closed = managementApiFor("http://guest:guest@127.0.0.1:9/api/", broker);
    await expect(listManagementQueues(closed)).rejects.toThrow(/cannot be reached/);
  });

  it("feeds the queue sampler: known task queues only, depth as ready messages", async () => {
    const probe = new ManagementQueueProbe(apiUrl, broker);
    // Once the first case's consumer is gone from the statistics, the figures hold still.
    const settled = await waitFor("the closed consumer to leave the statistics", async () => {
      const row = await find();
      return row?.consumers === 0 && row.unacked === 0 ? row : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    const samples = await probe.sample({ queues: [queue, "celeryev.0b5c7f3e-4a7e-4a0e-9a55-1c7c2c3f0f00", "not-declared-anywhere"], exchanges: [] });
    expect(samples).toEqual([{ queue, depth: settled.ready, consumers: 0 }]);
    expect(settled.ready).toBeGreaterThan(5);
  });
});
