/**
 * Celery 5.2 / kombu 5.2 event messages, byte-for-byte in the shape the captures in
 * /work/shared/wire-samples show: Python's `json.dumps` layout (", " and ": " separators,
 * floats always with a fraction), the same key order per event type, and kombu's Redis
 * envelope with a base64 body. Built as strings rather than through JSON.stringify because
 * JSON.stringify writes `2` for Python's `2.0` and drops the spaces, and because this runs
 * tens of thousands of times a second inside the generator.
 */
import { randomUUID } from "node:crypto";

/** One publisher's identity and Lamport clock (Celery bumps the clock on every event it sends). */
export type EventSender = { hostname: string; pid: number; clock: number };

export type TaskSpec = { uuid: string; name: string; args: string; kwargs: string };

/** One broker message: a single event (object body) or a `task.multi` list. */
export type WireMessage = { routingKey: string; hostname: string; body: string };

const quote = JSON.stringify;

/** Python's repr of a float: `2.0`, `1795362139.0753539` (JS already prints the shortest round-trip digits). */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite float: ${value}`);
  const text = String(value);
  return Number.isInteger(value) && !text.includes("e") ? `${text}.0` : text;
}

function head(sender: EventSender): string {
  sender.clock += 1;
  return `"hostname": ${quote(sender.hostname)}, "utcoffset": 0, "pid": ${sender.pid}, "clock": ${sender.clock}`;
}

export function taskSent(client: EventSender, task: TaskSpec, timestamp: number): string {
  return (
    `{${head(client)}, "uuid": "${task.uuid}", "root_id": "${task.uuid}", "parent_id": null, "name": ${quote(task.name)}, ` +
    `"args": ${quote(task.args)}, "kwargs": ${quote(task.kwargs)}, "retries": 0, "eta": null, "expires": null, ` +
    `"queue": "celery", "exchange": "", "routing_key": "celery", "timestamp": ${pyFloat(timestamp)}, "type": "task-sent"}`
  );
}

export function taskReceived(worker: EventSender, task: TaskSpec, timestamp: number): string {
  return (
    `{${head(worker)}, "uuid": "${task.uuid}", "name": ${quote(task.name)}, "args": ${quote(task.args)}, "kwargs": ${quote(task.kwargs)}, ` +
    `"root_id": "${task.uuid}", "parent_id": null, "retries": 0, "eta": null, "expires": null, "timestamp": ${pyFloat(timestamp)}, "type": "task-received"}`
  );
}

export function taskStarted(worker: EventSender, task: TaskSpec, timestamp: number): string {
  return `{${head(worker)}, "uuid": "${task.uuid}", "timestamp": ${pyFloat(timestamp)}, "type": "task-started"}`;
}

export function taskSucceeded(worker: EventSender, task: TaskSpec, result: string, runtime: number, timestamp: number): string {
  return (
    `{${head(worker)}, "uuid": "${task.uuid}", "result": ${quote(result)}, "runtime": ${pyFloat(runtime)}, ` +
    `"timestamp": ${pyFloat(timestamp)}, "type": "task-succeeded"}`
  );
}

export type WorkerStats = { freq: number; active: number; processed: number; loadavg: readonly [number, number, number] };

export function workerEvent(worker: EventSender, type: "worker-online" | "worker-heartbeat" | "worker-offline", stats: WorkerStats, timestamp: number): string {
  return (
    `{${head(worker)}, "freq": ${pyFloat(stats.freq)}, "active": ${stats.active}, "processed": ${stats.processed}, ` +
    `"loadavg": [${stats.loadavg.map(pyFloat).join(", ")}], "sw_ident": "py-celery", "sw_ver": "5.2.6", "sw_sys": "Linux", ` +
    `"timestamp": ${pyFloat(timestamp)}, "type": ${quote(type)}}`
  );
}

/** A `task.multi` body: the prefork worker's buffered events as one JSON list. */
export function eventList(events: readonly string[]): string {
  return `[${events.join(", ")}]`;
}

/** Routing key of a single event: the type with `-` → `.` (`task-sent` → `task.sent`). */
export function routingKeyOf(type: string): string {
  return type.replace(/-/g, ".");
}

/**
 * kombu's virtual-transport envelope, as Redis pub/sub carries it
 * (`PUBLISH /0.celeryev/<routing key> <envelope>`).
 */
export function redisEnvelope(message: WireMessage): string {
  const body = Buffer.from(message.body, "utf8").toString("base64");
  return (
    `{"body": "${body}", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"hostname": ${quote(message.hostname)}}, ` +
    `"properties": {"delivery_mode": 1, "delivery_info": {"exchange": "celeryev", "routing_key": ${quote(message.routingKey)}}, ` +
    `"priority": 0, "body_encoding": "base64", "delivery_tag": "${randomUUID()}"}}`
  );
}

/** The channel kombu publishes a fanout event to on Redis db `db` (fanout_prefix on). */
export function redisChannel(db: number, routingKey: string): string {
  return `/${db}.celeryev/${routingKey}`;
}
