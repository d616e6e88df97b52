/**
 * Proves the rig: the shared servers from the global setup answer, real Celery
 * workers run the sample app on both brokers, results are readable, and
 * stopping leaves no process behind. Doubles as a usage example.
 */
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";

import {
  isAlive,
  sendScenario,
  startCeleryBeat,
  startCeleryWorker,
  startPostgres,
  startRedis,
  trackedProcesses,
  waitFor,
  type CeleryWorker,
} from "@/e2e/rig";

const redisUrl = inject("redisUrl");
const amqpUrl = inject("amqpUrl");

/** Result-backend URL on the shared Redis: db 1.. keep results apart from the broker's db 0. */
function backendDb(db: number): string {
  return redisUrl.replace(/\/0$/, `/${db}`);
}

interface StoredResult {
  status: string;
  result: unknown;
  traceback: string | null;
}

/** Reads Celery's Redis result backend directly, as Bloom's result views may. */
async function readResults(url: string, ids: readonly string[], timeoutMs = 30_000): Promise<Map<string, StoredResult>> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  try {
    return await waitFor(
      `results of ${ids.length} tasks`,
      async () => {
        const raw = await client.mget(ids.map((id) => `celery-task-meta-${id}`));
        const parsed = raw.map((value) => (value === null ? undefined : (JSON.parse(value) as StoredResult)));
        const done = parsed.every((r) => r !== undefined && ["SUCCESS", "FAILURE"].includes(r.status));
        return done ? new Map(ids.map((id, i) => [id, parsed[i] as StoredResult])) : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  } finally {
    client.disconnect();
  }
}

describe("shared servers from the global setup", () => {
  it("PostgreSQL answers select 1", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number; db: string }>("select 1 as one, current_database() as db");
      expect(rows[0]).toEqual({ one: 1, db: "bloom_test" });
    } finally {
      await client.end();
    }
  });

  it("Redis answers PING", async () => {
    const client = new Redis(redisUrl, { lazyConnect: true });
    await client.connect();
    try {
      expect(await client.ping()).toBe("PONG");
    } finally {
      client.disconnect();
    }
  });

  it("RabbitMQ's management API answers /api/overview as guest", async () => {
    const response = await fetch(`${inject("rabbitManagementUrl")}/api/overview`, {
      headers: { authorization: `Basic ${Buffer.from("guest:guest").toString("base64")}` },
    });
    expect(response.status).toBe(200);
    const overview = (await response.json()) as { rabbitmq_version?: string };
    expect(overview.rabbitmq_version).toMatch(/^3\./);
  });
});

describe.each([
  { broker: "redis", brokerUrl: redisUrl, backendUrl: backendDb(1) },
  { broker: "rabbitmq", brokerUrl: amqpUrl, backendUrl: backendDb(2) },
])("a Celery worker on $broker", ({ broker, brokerUrl, backendUrl }) => {
  let worker: CeleryWorker | undefined;
  afterAll(async () => worker?.stop());

  it("starts and answers ping", async () => {
    worker = await startCeleryWorker({ brokerUrl, backendUrl, name: `rig-${broker}`, concurrency: 2 });
    expect(worker.hostname).toBe(`rig-${broker}@bloomtest`);
    // Prefork: the main process plus two pool children, all in one process group.
    expect(worker.pids().length).toBeGreaterThanOrEqual(3);
  });

  it("runs the basic scenario and its results are readable", async () => {
    const sent = await sendScenario(brokerUrl, "basic", { backendUrl });
    expect(sent.tasks.map((t) => t.label)).toEqual(["add", "mul", "fail", "retry_n", "io_task", "sleep"]);

    const results = await readResults(backendUrl, sent.task_ids);
    const byLabel = new Map(sent.tasks.map((t) => [t.label, results.get(t.id)]));
    expect(byLabel.get("add")).toMatchObject({ status: "SUCCESS", result: 5 });
    expect(byLabel.get("mul")).toMatchObject({ status: "SUCCESS", result: 20 });
    expect(byLabel.get("retry_n")).toMatchObject({ status: "SUCCESS", result: 3 });
    expect(byLabel.get("io_task")).toMatchObject({ status: "SUCCESS", result: { queue: "io", payload: "hello" } });
    expect(byLabel.get("sleep")).toMatchObject({ status: "SUCCESS", result: 1 });
    const failed = byLabel.get("fail");
    expect(failed).toMatchObject({ status: "FAILURE", result: { exc_type: "ValueError", exc_message: ["boom"] } });
    // The nested helpers show up as separate frames, which traceback views need.
    expect(failed?.traceback).toMatch(/_process[\s\S]*_validate[\s\S]*ValueError: boom/);
  });

  it("runs a chain, waiting through send.py", async () => {
    const sent = await sendScenario(brokerUrl, "chain", { backendUrl, wait: 20 });
    expect(sent.result_id).toBe(sent.task_ids.at(-1));
    expect(sent.results?.[sent.result_id ?? ""]).toEqual({ state: "SUCCESS", result: 13 });
  });

  it("stops with a warm shutdown and leaves no process behind", async () => {
    const running = worker;
    if (!running) throw new Error("worker did not start");
    const pids = running.pids();
    await running.stop();
    worker = undefined;
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    expect(running.pids()).toEqual([]);
    expect(trackedProcesses().map((p) => p.name)).not.toContain(`celery-worker:${running.hostname}`);
  });
});

describe("worker kill and beat", () => {
  it("kill() takes the whole prefork group down at once", async () => {
    const worker = await startCeleryWorker({ brokerUrl: redisUrl, name: "rig-kill", queues: ["celery"] });
    const pids = worker.pids();
    await worker.kill();
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
  });

  it("beat sends its scheduled tasks", async () => {
    // A broker db of its own, so no worker elsewhere consumes what beat sends.
    const brokerUrl = backendDb(3);
    const beat = await startCeleryBeat({ brokerUrl });
    const client = new Redis(brokerUrl, { lazyConnect: true });
    await client.connect();
    try {
      await waitFor("beat to enqueue a task", async () => (await client.llen("celery")) > 0, { timeoutMs: 15_000, intervalMs: 200 });
      const raw = await client.lindex("celery", 0);
      const message = JSON.parse(raw ?? "{}") as { headers?: { task?: string } };
      // The crontab entry (every minute) may fire first when the run crosses a minute.
      expect(message.headers?.task).toMatch(/^bloom_sample\.(add|xsum)$/);
    } finally {
      client.disconnect();
      await beat.stop();
    }
    expect(isAlive(beat.pid)).toBe(false);
  });
});

describe("private servers restart in place (outage tests)", () => {
  it("Redis stops and starts again on the same port", async () => {
    const redis = await startRedis();
    try {
      const firstPid = redis.pid;
      await redis.stop();
      expect(isAlive(firstPid)).toBe(false);
      await redis.start();
      const client = new Redis(redis.url, { lazyConnect: true });
      await client.connect();
      expect(await client.ping()).toBe("PONG");
      client.disconnect();
    } finally {
      await redis.dispose();
    }
  });

  it("PostgreSQL keeps its data across stop() and start()", async () => {
    const server = await startPostgres({ database: "outage" });
    try {
      const query = async (sql: string): Promise<unknown[]> => {
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        try {
          return (await client.query(sql)).rows;
        } finally {
          await client.end();
        }
      };
      await query("create table t (v int); insert into t values (42)");
      const firstPid = server.pid;
      await server.stop();
      expect(isAlive(firstPid)).toBe(false);
      await expect(query("select 1")).rejects.toThrow();
      await server.start();
      expect(await query("select v from t")).toEqual([{ v: 42 }]);
    } finally {
      await server.dispose();
    }
  });
});
