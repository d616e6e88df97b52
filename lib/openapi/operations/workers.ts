import { z } from "zod";
import { INSPECT_COMMANDS, WORKER_COMMAND_NAMES } from "@/lib/services/control";
import { commandResult, epochMs, healthTone, jsonValue, workerReply } from "../common";
import { defineOperation } from "../registry";

const hostnameParam = { description: "the worker's hostname, e.g. celery@web-1 (URL-encoded)", example: "celery@web-1" };

const workerSummaryShape = {
  hostname: z.string(),
  online: z.boolean().describe("heartbeats within twice their interval, and no worker-offline"),
  wentAwayAt: epochMs,
  lastHeartbeat: epochMs,
  freq: z.number().describe("heartbeat interval, seconds"),
  pid: z.number().int().nullable(),
  software: z.string().nullable(),
  active: z.number().int().describe("tasks running now"),
  processed: z.number().int().describe("tasks processed since the worker started"),
  loadavg: z.array(z.number()).nullable(),
  onlineAt: epochMs,
  poolType: z.string().nullable(),
  concurrency: z.number().int().nullable(),
  queues: z.array(z.string()).nullable().describe("from the last active_queues reply; null until inspected"),
  cpuPercent: z.number().nullable(),
  cpuTone: healthTone.nullable(),
  memoryBytes: z.number().nullable(),
  memoryTone: healthTone.nullable(),
  inspectedAt: epochMs,
};

const workerSummary = z.object(workerSummaryShape).meta({ id: "WorkerSummary" });

export const listWorkersOperation = defineOperation({
  method: "GET",
  path: "/api/v1/workers",
  operationId: "listWorkers",
  summary: "Every stored worker, online first, with its last heartbeat and inspect figures",
  tag: "workers",
  access: "viewer",
  response: z.object({ workers: z.array(workerSummary) }),
});

export const getWorkerOperation = defineOperation({
  method: "GET",
  path: "/api/v1/workers/{hostname}",
  operationId: "getWorker",
  summary: "One worker: its summary, the last stats/registered/active_queues/conf replies (secrets masked) and its newest tasks",
  tag: "workers",
  access: "viewer",
  pathParams: { hostname: hostnameParam },
  response: z.object({
    ...workerSummaryShape,
    prefetchCount: z.number().int().nullable(),
    uptimeSeconds: z.number().nullable(),
    processes: z.array(z.number().int()),
    transport: z.string().nullable(),
    registered: z.array(z.string()).nullable(),
    activeQueues: z.array(z.object({ name: z.string(), exchange: z.string().nullable(), exchangeType: z.string().nullable(), routingKey: z.string().nullable() })).nullable(),
    conf: z.record(z.string(), jsonValue).nullable(),
    recentTasks: z.array(z.object({ id: z.string(), name: z.string().nullable(), state: z.string(), receivedAt: epochMs, runtime: z.number().nullable() })),
  }),
  errors: { 404: "Bloom has no record of the worker." },
});

const list = z
  .string()
  .transform((s) => s.split(",").map((item) => item.trim()).filter(Boolean))
  .optional();

export const inspectWorkerOperation = defineOperation({
  method: "GET",
  path: "/api/v1/workers/{hostname}/{command}",
  operationId: "inspectWorker",
  summary: "Ask one worker now (read-only inspect commands; not audited)",
  tag: "workers",
  access: "viewer",
  pathParams: { hostname: hostnameParam, command: { description: "the inspect command", example: "ping", enum: INSPECT_COMMANDS } },
  query: z.object({
    timeoutMs: z.coerce.number().int().optional().describe("how long to wait for the reply (default BLOOM_INSPECT_TIMEOUT)"),
    taskIds: list.describe("query_task: comma-separated task ids"),
    taskinfoitems: list.describe("registered: extra task attributes, e.g. rate_limit,time_limit"),
  }),
  response: z.object({ command: z.enum(INSPECT_COMMANDS), outcome: z.enum(["ok", "error", "timeout"]), replies: z.array(workerReply), elapsedMs: z.number() }),
  errors: { 404: "No such worker or inspect command.", 503: "The broker cannot be reached.", 504: "The worker did not answer in time." },
});

export const runWorkerCommandOperation = defineOperation({
  method: "POST",
  path: "/api/v1/workers/{hostname}/{command}",
  operationId: "runWorkerCommand",
  summary: "Run a control command on one worker (audited)",
  description:
    "Bodies: shutdown {}, pool_restart {reload?, modules?}, pool_grow {n}, pool_shrink {n}, autoscale {max, min}, add_consumer {queue, exchange?, exchangeType?, routingKey?}, " +
    "cancel_consumer {queue}, rate_limit {taskName, rateLimit}, time_limit {taskName, soft, hard}, enable_events {}, disable_events {}; each may add timeoutMs.",
  tag: "control",
  access: "admin",
  pathParams: { hostname: hostnameParam, command: { description: "the control command", example: "pool_grow", enum: WORKER_COMMAND_NAMES } },
  body: z.record(z.string(), z.unknown()),
  bodyExample: { n: 1 },
  response: commandResult,
  errors: { 404: "No such worker or command.", 503: "The broker cannot be reached.", 504: "The worker did not answer in time: the command may or may not have been applied." },
});
