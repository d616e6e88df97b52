/**
 * A simulated Celery cluster: one client that sends tasks and several prefork workers that
 * run them. It produces the messages such a cluster puts on the wire, in the order it would:
 * `task-sent` as single messages from the client (`gen<pid>@bench`), then each worker's
 * `task-received`, `task-started`, `task-succeeded` in `task.multi` lists of up to 24 events
 * (Celery's prefork event buffer), and a heartbeat per worker on request.
 *
 * Every event's timestamp is taken when its message is built, immediately before it is
 * published, so "commit time − timestamp" is the end-to-end lag of that event.
 */
import { randomUUID } from "node:crypto";
import {
  eventList,
  routingKeyOf,
  taskReceived,
  taskSent,
  taskStarted,
  taskSucceeded,
  workerEvent,
  type EventSender,
  type TaskSpec,
  type WireMessage,
} from "./wire";

/** Celery's prefork worker flushes its event buffer at 24 events (celery/worker/consumer/events.py). */
export const MULTI_BATCH = 24;
const TASK_NAMES = ["bench.tasks.add", "bench.tasks.mul", "bench.tasks.xsum", "bench.tasks.notify"] as const;
/** Heartbeats are sent every second, so `freq` says 1.0: Celery's liveness rule is last + freq × 2. */
const HEARTBEAT_FREQ = 1.0;

/** A task whose task-succeeded publish time the lag sampler follows. */
export type Probe = { index: number; uuid: string; publishedAt: number };

export type Produced = { messages: WireMessage[]; tasks: number; events: number; probes: Probe[] };

type Worker = { sender: EventSender; processed: number };

export type FleetOptions = {
  workers: number;
  /** every Nth task becomes a lag probe */
  probeEvery: number;
  /** epoch seconds with sub-millisecond precision, like Python's time.time() */
  now: () => number;
};

export class Fleet {
  private readonly client: EventSender;
  private readonly workers: Worker[];
  private taskIndex = 0;
  private nextWorker = 0;

  constructor(private readonly options: FleetOptions) {
    // pids are made up but distinct, like a real cluster's; hostnames follow Celery's name@host.
    this.client = { hostname: `gen${process.pid}@bench`, pid: process.pid, clock: 0 };
    this.workers = Array.from({ length: options.workers }, (_, i) => ({
      sender: { hostname: `w${i + 1}@bench`, pid: 20_000 + i, clock: 0 },
      processed: 0,
    }));
  }

  /** Tasks produced so far (the next task's index). */
  get tasksProduced(): number {
    return this.taskIndex;
  }

  workerEvents(type: "worker-online" | "worker-heartbeat" | "worker-offline"): Produced {
    const messages = this.workers.map(({ sender, processed }) => ({
      routingKey: routingKeyOf(type),
      hostname: sender.hostname,
      body: workerEvent(sender, type, { freq: HEARTBEAT_FREQ, active: 0, processed, loadavg: [0.5, 0.4, 0.3] }, this.options.now()),
    }));
    return { messages, tasks: 0, events: messages.length, probes: [] };
  }

  /** `count` complete task lifecycles: sent → received → started → succeeded. */
  tasks(count: number): Produced {
    const { now, probeEvery } = this.options;
    const messages: WireMessage[] = [];
    const probes: Probe[] = [];
    const specs: { spec: TaskSpec; index: number; worker: Worker }[] = [];

    for (let i = 0; i < count; i++) {
      const index = this.taskIndex++;
      const uuid = randomUUID();
      const spec: TaskSpec = { uuid, name: TASK_NAMES[index % TASK_NAMES.length] as string, args: "(1, 2)", kwargs: "{}" };
      const worker = this.workers[this.nextWorker] as Worker;
      this.nextWorker = (this.nextWorker + 1) % this.workers.length;
      specs.push({ spec, index, worker });
      messages.push({ routingKey: "task.sent", hostname: this.client.hostname, body: taskSent(this.client, spec, now()) });
    }

    // Each worker's buffer, flushed every MULTI_BATCH events as Celery's prefork pool does.
    const buffers = new Map<Worker, string[]>();
    const flush = (worker: Worker, events: string[]): void => {
      messages.push({ routingKey: "task.multi", hostname: worker.sender.hostname, body: eventList(events) });
    };
    const push = (worker: Worker, event: string): void => {
      let buffer = buffers.get(worker);
      if (!buffer) buffers.set(worker, (buffer = []));
      buffer.push(event);
      if (buffer.length >= MULTI_BATCH) {
        flush(worker, buffer);
        buffers.set(worker, []);
      }
    };
    for (const { spec, index, worker } of specs) {
      const { sender } = worker;
      push(worker, taskReceived(sender, spec, now()));
      push(worker, taskStarted(sender, spec, now()));
      const runtime = 0.001 + Math.random() * 0.049;
      const finishedAt = now();
      push(worker, taskSucceeded(sender, spec, "3", runtime, finishedAt));
      worker.processed += 1;
      if (index % probeEvery === 0) probes.push({ index, uuid: spec.uuid, publishedAt: finishedAt });
    }
    for (const [worker, events] of buffers) if (events.length > 0) flush(worker, events);

    return { messages, tasks: count, events: count * 4, probes };
  }
}
