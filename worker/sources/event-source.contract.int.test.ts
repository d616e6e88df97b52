/**
 * One contract, two real brokers: every case runs against a Redis and a RabbitMQ of its
 * own, fed by a real Celery 5.2 worker or by Celery's own EventDispatcher. Waits are
 * conditions with deadlines; nothing asserts on elapsed time.
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort, sendScenario, startCeleryWorker, waitFor } from "@/e2e/rig";
import { maskBrokerUrl } from "@/lib/celery/broker-url";
import { createEventSource, type EventSource, type EventSourceOptions, type RawEventMessage, type SourceStatus } from "./event-source";
import { type CeleryEvent, decodeEvents, messageBody, publishEvents } from "./testing/celery-events";
import { type ContractBroker, startContractBroker, type Transport } from "./testing/contract-brokers";
import { startSentinel, startTlsRedis } from "./testing/extra-redis";
import { watchHandles } from "./testing/watch-handles";

type Received = { message: RawEventMessage; event: CeleryEvent };

const fastBackoff = { initialMs: 100, maxMs: 1_000 };
const live = new Set<EventSource>();
const uniqueQueue = () => `bloom.test.${randomUUID()}`;
const fromHost = (received: Received[], hostname: string) => received.filter((r) => r.event.hostname === hostname);
const until = (what: string, probe: () => boolean, timeoutMs = 30_000) => waitFor(what, probe, { timeoutMs });
const state = (source: EventSource) => source.status().state;

/**
 * Starts a source that records everything it delivers; acks each batch unless told not to.
 * Waits until it is connected unless told not to: start() also resolves on a first failed
 * attempt, and on a loaded machine an event published before the subscription is gone.
 */
async function startCollecting(url: string, options: EventSourceOptions, { ack = true, connected = true } = {}) {
  const source = createEventSource(url, options);
  const received: Received[] = [];
  const statuses: SourceStatus[] = [];
  source.onStatus((s) => statuses.push(s));
  live.add(source);
  await source.start((batch) => {
    for (const message of batch) for (const event of decodeEvents(message)) received.push({ message, event });
    const last = batch.at(-1);
    if (ack && last) source.ack(last);
  });
  if (connected) await until(`${maskBrokerUrl(url)} to connect`, () => state(source) === "connected");
  return { source, received, statuses };
}

afterEach(async () => {
  await Promise.all([...live].map((source) => source.stop()));
  live.clear();
});

describe.each<Transport>(["redis", "amqp"])("EventSource contract on %s", (transport) => {
  let broker: ContractBroker;
  const options = (extra: EventSourceOptions = {}): EventSourceOptions => ({
    backoff: fastBackoff,
    amqp: { queueName: uniqueQueue() },
    ...extra,
  });

  beforeAll(async () => {
    broker = await startContractBroker(transport);
  });

  afterAll(async () => {
    await broker?.dispose();
  });

  it("delivers a real worker's online, heartbeat, task.multi and offline events as decodable raw messages", async () => {
    const { source, received } = await startCollecting(broker.sourceUrl, options());
    expect(state(source)).toBe("connected");

    const worker = await startCeleryWorker({ brokerUrl: broker.celeryUrl, name: `contract-${transport}-${process.pid}` });
    try {
      const sent = await sendScenario(broker.celeryUrl, "basic");
      const addId = sent.tasks.find((t) => t.label === "add")?.id;
      expect(addId).toBeDefined();
      const mine = () => fromHost(received, worker.hostname);

      await until("worker-online, a heartbeat and task-succeeded for add", () => {
        const types = new Set(mine().map((r) => r.event.type));
        const succeeded = mine().some((r) => r.event.type === "task-succeeded" && r.event.uuid === addId);
        return types.has("worker-online") && types.has("worker-heartbeat") && succeeded;
      });
      await until("task-sent for add", () => received.some((r) => r.event.type === "task-sent" && r.event.uuid === addId));

      // A prefork worker batches task events into one list message on routing key task.multi.
      const multi = mine().filter((r) => r.message.routingKey === "task.multi");
      expect(multi.length).toBeGreaterThan(0);
      for (const { message } of multi) expect(Array.isArray(messageBody(message))).toBe(true);
      const online = mine().find((r) => r.event.type === "worker-online");
      expect(online?.message.routingKey).toBe("worker.online");
      expect(online?.message.transport).toBe(transport);
      expect(online?.message.receivedAt).toBeGreaterThan(0);
      if (transport === "redis") {
        expect(online?.message.channel).toBe("/0.celeryev/worker.online");
      } else {
        expect(online?.message.channel).toBe("worker.online");
        expect(online?.message.contentEncoding).toBe("utf-8");
        expect(online?.message.headers).toMatchObject({ hostname: worker.hostname });
      }
    } finally {
      await worker.stop();
    }
    await until("worker-offline", () => fromHost(received, worker.hostname).some((r) => r.event.type === "worker-offline"));
  });

  it("reports disconnected then connected across a broker restart, and receives events again", async () => {
    const first = await startCollecting(broker.sourceUrl, options());
    expect(state(first.source)).toBe("connected");

    await broker.stop();
    await until("the source to notice the outage", () => state(first.source) === "disconnected");
    expect(first.source.status().error).toBeTruthy();

    // A source started while the broker is down still starts: it reports and keeps trying.
    const late = await startCollecting(broker.sourceUrl, options(), { connected: false });
    expect(state(late.source)).toBe("connecting");
    expect(late.source.status()).toMatchObject({ attempt: expect.any(Number), error: expect.any(String) });

    await broker.start();
    await until("both sources to reconnect", () => state(first.source) === "connected" && state(late.source) === "connected", 60_000);

    const hostname = `after-restart-${randomUUID()}@bloomtest`;
    await publishEvents(broker.celeryUrl, hostname, 3);
    await until("events published after the restart", () =>
      [first, late].every((s) => fromHost(s.received, hostname).length === 3),
    );

    const states = first.statuses.map((s) => s.state);
    const sequence = states.slice(states.indexOf("connected")).filter((s, i, all) => s !== all[i - 1]);
    expect(sequence.slice(0, 2)).toEqual(["connected", "disconnected"]);
    expect(sequence.at(-1)).toBe("connected");
    expect(sequence).not.toContain("connecting"); // once connected, an outage is "disconnected"
    expect(late.statuses.map((s) => s.state).at(-1)).toBe("connected");
  });

  it("stop() closes every socket and timer it opened", async () => {
    const handles = watchHandles();
    try {
      const { source, received } = await startCollecting(broker.sourceUrl, options());
      const hostname = `handles-${randomUUID()}@bloomtest`;
      await publishEvents(broker.celeryUrl, hostname, 1);
      await until("one event", () => fromHost(received, hostname).length === 1);
      expect(await handles.leftOpen()).toContain("TCPWRAP");

      await source.stop();
      expect(await handles.leftOpen()).toEqual([]);
      expect(state(source)).toBe("stopped");
      await source.stop(); // idempotent
    } finally {
      handles.disable();
    }
  });

  it("starts against an unreachable broker, keeps retrying, and stop() ends the retries cleanly", async () => {
    const port = await freePort();
    const url = transport === "redis" ? `redis://127.0.0.1:${port}/0` : `pyamqp://guest:guest@127.0.0.1:${port}//`;
    const handles = watchHandles();
    try {
      const { source } = await startCollecting(url, options(), { connected: false });
      expect(source.status()).toMatchObject({ state: "connecting", attempt: 1, error: expect.stringContaining("ECONNREFUSED") });
      await until("three attempts", () => (source.status().attempt ?? 0) >= 3);
      expect(state(source)).toBe("connecting"); // never connected, so not "disconnected"
      await expect(source.start(() => undefined)).rejects.toThrow(/already started/);
      await source.stop();
      expect(await handles.leftOpen()).toEqual([]);
    } finally {
      handles.disable();
    }
  });

  it.runIf(transport === "redis")("finds the master through Redis Sentinel (kombu's sentinel:// list)", async () => {
    const sentinel = await startSentinel(broker.port);
    const handles = watchHandles();
    try {
      // kombu's list form. The second sentinel does not exist; it is listed last because
      // ioredis, when it has to skip a dead sentinel, leaves a 2 s timer behind (its
      // AbstractConnector.disconnect on an already-closed socket), which the handle check
      // below would rightly report. Harmless in production, out of our hands.
      const unused = await freePort();
      const url = `sentinel://127.0.0.1:${sentinel.port}/0;sentinel://127.0.0.1:${unused}?master_name=mymaster`;
      const { source, received } = await startCollecting(url, options());
      await until("connected through the sentinel", () => state(source) === "connected");
      const hostname = `via-sentinel-${randomUUID()}@bloomtest`;
      await publishEvents(broker.celeryUrl, hostname, 2);
      await until("both events", () => fromHost(received, hostname).length === 2);
      expect(fromHost(received, hostname)[0]?.message.channel).toBe("/0.celeryev/worker.heartbeat");
      await source.stop(); // including ioredis' connections to the sentinels
      expect(await handles.leftOpen()).toEqual([]);
    } finally {
      handles.disable();
      await Promise.all([...live].map((source) => source.stop()));
      await sentinel.stop();
    }
  });

  it.runIf(transport === "redis")("speaks TLS with a password for rediss:// and reports certificate errors", async () => {
    const password = "s3cret/with:odd@chars";
    const tls = await startTlsRedis(password);
    try {
      const base = `rediss://:${encodeURIComponent(password)}@localhost:${tls.port}/0`;
      const trusting = await startCollecting(`${base}?ssl_ca_certs=${encodeURIComponent(tls.caFile)}`, options());
      const distrusting = await startCollecting(base, options(), { connected: false });
      expect(state(trusting.source)).toBe("connected");
      // Verification is on by default (redis-py's CERT_REQUIRED), so a self-signed server is refused.
      expect(distrusting.source.status()).toMatchObject({ state: "connecting", error: expect.stringMatching(/self-signed/i) });

      const hostname = `tls-${randomUUID()}@bloomtest`;
      await publishEvents(`${base}?ssl_cert_reqs=CERT_REQUIRED&ssl_ca_certs=${encodeURIComponent(tls.caFile)}`, hostname, 1);
      await until("the event over TLS", () => fromHost(trusting.received, hostname).length === 1);
    } finally {
      await Promise.all([...live].map((source) => source.stop()));
      await tls.stop();
    }
  });

  it.runIf(transport === "redis")("listens only to its own Redis database (kombu's fanout_prefix)", async () => {
    const { received } = await startCollecting(broker.sourceUrl, options());
    const elsewhere = `db1-${randomUUID()}@bloomtest`;
    const here = `db0-${randomUUID()}@bloomtest`;
    await publishEvents(broker.otherDbUrl ?? "", elsewhere, 2);
    await publishEvents(broker.celeryUrl, here, 1);
    // Published after the db-1 events on the same server: once it is here, they would be too.
    await until("the db-0 event", () => fromHost(received, here).length === 1);
    expect(fromHost(received, elsewhere)).toEqual([]);
  });

  describe.runIf(transport === "amqp")("durable queue (AMQP only)", () => {
    it("keeps events published while Bloom is stopped and delivers them on the next start", async () => {
      const queueName = uniqueQueue();
      const first = await startCollecting(broker.sourceUrl, options({ amqp: { queueName } }));
      await first.source.stop();

      const hostname = `while-down-${randomUUID()}@bloomtest`;
      await publishEvents(broker.celeryUrl, hostname, 5);
      await waitFor("5 events queued for Bloom", async () => (await broker.queueDepth?.(queueName)) === 5, { timeoutMs: 10_000 });

      const second = await startCollecting(broker.sourceUrl, options({ amqp: { queueName } }));
      await until("the 5 queued events", () => fromHost(second.received, hostname).length === 5);
      expect(fromHost(second.received, hostname).map((r) => r.event.processed)).toEqual([0, 1, 2, 3, 4]);
    });

    it("explains a queue that exists with other arguments, and keeps retrying", async () => {
      const queueName = uniqueQueue();
      await startCollecting(broker.sourceUrl, options({ amqp: { queueName, maxLength: 10 } }));
      const { source } = await startCollecting(broker.sourceUrl, options({ amqp: { queueName, maxLength: 20 } }), { connected: false });
      expect(source.status()).toMatchObject({ state: "connecting", error: expect.stringContaining("inequivalent arg 'x-max-length'") });
      expect(source.status().error).toContain(`rabbitmqctl delete_queue ${queueName}`);
      await until("a retry", () => (source.status().attempt ?? 0) >= 2);
    });

    it("redelivers what was not acked when the consumer dies, and acks all-up-to exactly once", async () => {
      const queueName = uniqueQueue();
      const hostname = `unacked-${randomUUID()}@bloomtest`;

      // 1. A consumer that never acks, then "crashes".
      const crashed = await startCollecting(broker.sourceUrl, options({ amqp: { queueName } }), { ack: false });
      await publishEvents(broker.celeryUrl, hostname, 5);
      await until("5 unacked deliveries", () => fromHost(crashed.received, hostname).length === 5);
      await crashed.source.stop();

      // 2. The next consumer gets all 5 again; it acks up to the 3rd, then repeats older acks,
      //    which must be ignored rather than close the channel (PRECONDITION_FAILED).
      const partial = await startCollecting(broker.sourceUrl, options({ amqp: { queueName } }), { ack: false });
      await until("the 5 redelivered", () => fromHost(partial.received, hostname).length === 5);
      const delivered = fromHost(partial.received, hostname).map((r) => r.message);
      const [m0, m1, m2] = delivered;
      if (!m0 || !m1 || !m2) throw new Error("expected five deliveries");
      partial.source.ack(m2);
      partial.source.ack(m1);
      partial.source.ack(m2);
      partial.source.ack(m0);
      // RabbitMQ would answer a bad ack by closing the channel before delivering anything
      // newer on it; a fresh event arriving with no outage in between proves it stayed open.
      const probe = `probe-${randomUUID()}@bloomtest`;
      await publishEvents(broker.celeryUrl, probe, 1);
      await until("the probe event", () => fromHost(partial.received, probe).length === 1);
      expect(partial.statuses.map((s) => s.state)).not.toContain("disconnected");
      await partial.source.stop();

      // 3. Only the two unacked ones come back; acking them empties the queue for good.
      const last = await startCollecting(broker.sourceUrl, options({ amqp: { queueName } }));
      await until("the 2 unacked", () => fromHost(last.received, hostname).length === 2);
      expect(fromHost(last.received, hostname).map((r) => r.event.processed)).toEqual([3, 4]);
      await last.source.stop();
      expect(await broker.queueDepth?.(queueName)).toBe(0);
    });
  });
});
