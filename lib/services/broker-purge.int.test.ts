/**
 * Purging a queue on real brokers: Celery task messages (published as Celery does, with
 * priorities) wait in a queue no worker consumes, the purge empties it (on Redis the list and
 * its priority sub-lists, on RabbitMQ queue.purge), answers how many went, and writes an audit
 * row; a viewer is refused and audited, and the messages stay.
 */
import crypto from "node:crypto";
import { connect as amqpConnect } from "amqplib";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { ForbiddenError, type Actor } from "@/lib/auth/actor";
import { queueListNames } from "@/lib/celery/redis-queues";
import { getPrisma } from "@/lib/db/client";
import { closeControlChannel } from "@/lib/services/control/control-channel-instance";
import { sendTaskByName } from "@/lib/services/control";
import { BrokerServiceError } from "./broker-errors";
import { purgeBrokerQueue } from "./broker-purge";

const admin: Actor = { kind: "session", name: "purger", role: "admin" };
const viewer: Actor = { kind: "session", name: "onlooker", role: "viewer" };

let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_broker_purge");
  drop = db.drop;
  process.env.DATABASE_URL = db.url;
});

afterAll(async () => {
  await closeControlChannel();
  await getPrisma().$disconnect();
  await drop?.();
});

async function auditRows(queue: string) {
  return getPrisma().auditLog.findMany({ where: { action: "broker.purge", target: queue }, orderBy: { id: "asc" } });
}

async function sendTo(queue: string, priorities: readonly number[]) {
  for (const [i, priority] of priorities.entries()) {
    await sendTaskByName(admin, { name: "bloom_sample.add", queue, args: [i, i], priority });
  }
}

type Broker = { name: string; url: () => string; depth: (queue: string) => Promise<number> };

const redisDepth = async (queue: string) => {
  const client = new Redis(inject("redisUrl"));
  try {
    const lengths = await Promise.all(queueListNames(queue).map((list) => client.llen(list)));
    return lengths.reduce((sum, n) => sum + n, 0);
  } finally {
    client.disconnect();
  }
};

const rabbitDepth = async (queue: string) => {
  const connection = await amqpConnect(inject("amqpUrl"));
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
};

const brokers: Broker[] = [
  { name: "Redis", url: () => inject("redisUrl"), depth: redisDepth },
  { name: "RabbitMQ", url: () => inject("amqpUrl"), depth: rabbitDepth },
];

describe.each(brokers)("purge on $name", (broker) => {
  beforeAll(async () => {
    process.env.CELERY_BROKER_URL = broker.url();
    await closeControlChannel();
  });

  it("empties a queue nobody consumes, priorities included, and audits it", async () => {
    const queue = `purge-${crypto.randomUUID().slice(0, 8)}`;
    // On Redis, priorities 0, 3 and 9 land in three different lists of the queue.
    await sendTo(queue, [0, 0, 3, 9]);
    expect(await broker.depth(queue)).toBe(4);

    const result = await purgeBrokerQueue(admin, { queue, confirm: queue, shownDepth: 4 });
    expect(result).toMatchObject({ queue, purged: 4 });
    expect(await broker.depth(queue)).toBe(0);

    const [row, ...more] = await auditRows(queue);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ actor: "purger", outcome: "ok", replies: { purged: 4 }, arguments: { shownDepth: 4 } });
  });

  it("refuses a viewer (audited as denied) and a wrong confirmation, leaving the messages", async () => {
    const queue = `keep-${crypto.randomUUID().slice(0, 8)}`;
    await sendTo(queue, [0, 0]);
    await expect(purgeBrokerQueue(viewer, { queue, confirm: queue })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(purgeBrokerQueue(admin, { queue, confirm: "celery" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(purgeBrokerQueue(admin, { queue: "w1@host.celery.pidbox", confirm: "w1@host.celery.pidbox" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await broker.depth(queue)).toBe(2);
    expect((await auditRows(queue)).map((row) => [row.actor, row.outcome])).toEqual([["onlooker", "denied"]]);
  });
});

describe("purge errors", () => {
  it("answers 404 for a queue RabbitMQ does not have, and audits the failure", async () => {
    process.env.CELERY_BROKER_URL = inject("amqpUrl");
    const queue = `absent-${crypto.randomUUID().slice(0, 8)}`;
    const error = await purgeBrokerQueue(admin, { queue, confirm: queue }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerServiceError);
    expect(error).toMatchObject({ code: "not_found", status: 404 });
    expect((await auditRows(queue)).map((row) => row.outcome)).toEqual(["error"]);
  });

  it("refuses a Redis key that is not a list, deleting nothing", async () => {
    process.env.CELERY_BROKER_URL = inject("redisUrl");
    const key = `not-a-queue-${crypto.randomUUID().slice(0, 8)}`;
    const client = new Redis(inject("redisUrl"));
    try {
      await client.set(key, "precious");
      await expect(purgeBrokerQueue(admin, { queue: key, confirm: key })).rejects.toMatchObject({ code: "conflict" });
      expect(await client.get(key)).toBe("precious");
    } finally {
      await client.del(key);
      client.disconnect();
    }
  });
});
