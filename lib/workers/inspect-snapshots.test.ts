import { describe, expect, it } from "vitest";
import { readActiveQueues, readRegisteredTasks, readWorkerConf, readWorkerStats } from "./inspect-snapshots";

/** Replies of `celery inspect <x> -j` from Celery 5.2.6 (shared wire samples, trimmed), keyed by hostname as the CLI prints them. */
const CAPTURED: Record<string, unknown> = {
  stats: {
    total: { "celery_app.app.fail": 3, "celery_app.app.add": 5 },
    pid: 10741,
    clock: "45",
    uptime: 11,
    pool: {
      "max-concurrency": 2,
      processes: [10746, 10747],
      "max-tasks-per-child": "N/A",
      "put-guarded-by-semaphore": false,
      timeouts: [0, 0],
      writes: { total: 10, avg: "0.50", all: "0.80, 0.20", raw: "8, 2", strategy: "fair", inqueues: { total: 2, active: 0 } },
    },
    broker: { hostname: "127.0.0.1", userid: null, virtual_host: "0", port: 6379, transport: "redis", heartbeat: 120.0 },
    prefetch_count: 9,
    rusage: { utime: 0.386399, stime: 0.07569, maxrss: 45888, ixrss: 0, idrss: 0, isrss: 0, minflt: 16260, majflt: 0 },
  },
  registered: ["celery_app.app.add", "celery_app.app.fail", "celery_app.app.mul"],
  active_queues: [
    { name: "celery", exchange: { name: "celery", type: "direct", arguments: null, durable: true }, routing_key: "celery", queue_arguments: null, alias: null },
    { name: "io", exchange: { name: "io", type: "direct", arguments: null, durable: true }, routing_key: "io", queue_arguments: null, alias: null },
  ],
  conf: { broker_url: "redis://127.0.0.1:6379/0", worker_send_task_events: true, task_default_queue: "celery", task_routes: { "celery_app.app.slow_io": { queue: "io" } } },
};
const captured = (name: string): unknown => CAPTURED[name.replace(/^cli-inspect-|\.json$/g, "")];

describe("inspect snapshots", () => {
  it("reads pool, concurrency and resource use from a real `stats` reply", () => {
    const view = readWorkerStats(captured("cli-inspect-stats.json"), "w1@vm");
    expect(view).toEqual({
      poolType: "prefork",
      concurrency: 2,
      processes: [10746, 10747],
      prefetchCount: 9,
      uptimeSeconds: 11,
      cpuPercent: ((0.386399 + 0.07569) / 11) * 100,
      memoryBytes: 45888 * 1024,
      transport: "redis",
    });
  });

  it("accepts the reply wrapped in its hostname, and names the pool from Celery >= 5.3's implementation", () => {
    const view = readWorkerStats({ "w2@h": { pool: { implementation: "celery.concurrency.thread:TaskPool", "max-concurrency": 8 } } }, "w2@h");
    expect(view).toMatchObject({ poolType: "thread", concurrency: 8, cpuPercent: null, memoryBytes: null });
  });

  it("tells solo and threads pools apart on Celery 5.2", () => {
    expect(readWorkerStats({ pool: { "max-concurrency": 1, processes: [42] } }, "h")?.poolType).toBe("solo");
    expect(readWorkerStats({ pool: { "max-concurrency": 4, threads: 4 } }, "h")?.poolType).toBe("threads");
  });

  it("reads odd fields as unknown instead of failing", () => {
    expect(readWorkerStats({ uptime: "soon", pool: "n/a", rusage: { maxrss: "big" } }, "h")).toMatchObject({ poolType: null, uptimeSeconds: null, memoryBytes: null });
    expect(readWorkerStats(null, "h")).toBeNull();
    expect(readWorkerStats([1, 2], "h")).toBeNull();
  });

  it("reads registered tasks, active queues and conf", () => {
    expect(readRegisteredTasks(captured("cli-inspect-registered.json"), "w1@vm")).toContain("celery_app.app.add");
    expect(readActiveQueues(captured("cli-inspect-active_queues.json"), "w1@vm")).toEqual([
      { name: "celery", exchange: "celery", exchangeType: "direct", routingKey: "celery" },
      { name: "io", exchange: "io", exchangeType: "direct", routingKey: "io" },
    ]);
    expect(readWorkerConf(captured("cli-inspect-conf.json"), "w1@vm")).toMatchObject({ task_default_queue: "celery", worker_send_task_events: true });
    expect(readRegisteredTasks({ not: "a list" }, "h")).toBeNull();
    expect(readActiveQueues("nope", "h")).toBeNull();
    expect(readWorkerConf([], "h")).toBeNull();
  });
});
