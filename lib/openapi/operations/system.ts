import { z } from "zod";
import { TIME_WINDOW_KEYS, type TimeWindowKey } from "@/lib/dashboard/time-window";
import { optionalParam } from "@/lib/schemas/query-params";
import { purgeQueueInput } from "@/lib/services/broker-purge";
import { auditQuery } from "@/lib/services/control";
import { anyJson } from "../common";
import { defineOperation } from "../registry";

const rollupSummaryShape = {
  succeeded: z.number(),
  failed: z.number(),
  retried: z.number(),
  finished: z.number().describe("succeeded + failed"),
  successRate: z.number().nullable().describe("percent; null when nothing finished"),
  avgRuntime: z.number().nullable().describe("seconds"),
  p50Runtime: z.number().nullable().describe("seconds, from the rollups' runtime histogram"),
  p95Runtime: z.number().nullable(),
};
const stateCounts = z.record(z.string(), z.number()).describe("tasks per final state (and RETRY) in the window");

export const statsOperation = defineOperation({
  method: "GET",
  path: "/api/v1/stats",
  operationId: "getStats",
  summary: "Task rollups over a window: throughput, states, runtimes, per task name",
  description: "Read from the per-minute rollups the ingest writes (kept 90 days), so it costs the same for any number of tasks.",
  tag: "system",
  access: "viewer",
  query: z.strictObject({
    window: optionalParam(z.enum(TIME_WINDOW_KEYS as [TimeWindowKey, ...TimeWindowKey[]], { error: `must be one of ${TIME_WINDOW_KEYS.join(", ")}` }))
      .transform((value) => value ?? "1h")
      .describe("the window, ending now (default 1h)"),
  }),
  queryExample: { window: "24h" },
  response: z.object({
    range: z.object({ window: z.enum(TIME_WINDOW_KEYS as [TimeWindowKey, ...TimeWindowKey[]]), from: z.number(), to: z.number(), bucketSeconds: z.number() }),
    summary: z.object({ ...rollupSummaryShape, throughput: z.number().nullable().describe("finished tasks per minute") }),
    states: stateCounts,
    series: z.array(
      z.object({ t: z.number().describe("bucket start, epoch ms"), succeeded: z.number(), failed: z.number(), throughput: z.number(), p50: z.number().nullable(), p95: z.number().nullable() }),
    ),
    byName: z.array(z.object({ name: z.string(), ...rollupSummaryShape, states: stateCounts })),
  }),
});

export const queuesOperation = defineOperation({
  method: "GET",
  path: "/api/v1/queues",
  operationId: "listQueues",
  summary: "Each queue's latest depth and consumers, as the ingest's sampler measured them",
  tag: "system",
  access: "viewer",
  response: z.object({
    queues: z.array(z.object({ queue: z.string(), depth: z.number(), consumers: z.number().nullable(), sampledAt: z.number() })),
    sampledSince: z.number().describe("queues not sampled since then (epoch ms) are left out"),
  }),
});

export const purgeQueueOperation = defineOperation({
  method: "POST",
  path: "/api/v1/queues/{name}/purge",
  operationId: "purgeQueue",
  summary: "Empty one queue on the broker (cannot be undone); the body repeats the queue's name",
  tag: "control",
  access: "admin",
  pathParams: { name: { description: "the queue's name", example: "celery" } },
  body: purgeQueueInput.omit({ queue: true }),
  bodyExample: { confirm: "celery" },
  response: z.object({ queue: z.string(), purged: z.number(), transport: z.enum(["redis", "amqp"]), elapsedMs: z.number() }),
  description: "Redis: the list and its priority sub-lists; RabbitMQ: queue.purge. Mailbox, event and reply queues are refused (400), as is a confirmation that does not repeat the name. Audited with the depth the person saw.",
  errors: { 404: "RabbitMQ has no such queue.", 503: "The broker cannot be reached." },
});

export const healthOperation = defineOperation({
  method: "GET",
  path: "/api/v1/health",
  operationId: "getHealth",
  summary: "What /healthcheck decides on, as JSON (public, for load balancers)",
  tag: "system",
  access: "public",
  response: z.object({
    status: z.enum(["ok", "unhealthy"]),
    database: z.enum(["up", "down"]),
    ingest: z.enum(["running", "stale", "never-started"]),
    broker: z.enum(["connected", "connecting", "disconnected", "unknown"]),
    ingestLagSeconds: z.number().nullable(),
    eventsPerSecond: z.number(),
    reportedAt: z.string().nullable().describe("ISO 8601"),
  }),
  errors: { 503: "Unhealthy: the same body, with status unhealthy." },
});

export const auditOperation = defineOperation({
  method: "GET",
  path: "/api/v1/audit",
  operationId: "listAudit",
  summary: "The audit log, newest first (admins only)",
  tag: "system",
  access: "admin",
  query: auditQuery,
  queryExample: { limit: "20", action: "control." },
  response: z.object({
    entries: z.array(
      z.object({
        id: z.string(),
        at: z.iso.datetime().describe("ISO 8601"),
        actor: z.string(),
        action: z.string(),
        target: z.string().nullable(),
        arguments: anyJson,
        replies: anyJson,
        outcome: z.string().describe("ok, error, timeout or denied"),
        durationMs: z.number().nullable(),
      }),
    ),
    next: z.string().nullable().describe("pass as `before` for the next page"),
  }),
});

export const openApiOperation = defineOperation({
  method: "GET",
  path: "/api/v1/openapi.json",
  operationId: "getOpenApiDocument",
  summary: "This document (OpenAPI 3.1)",
  tag: "system",
  access: "viewer",
  response: z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.record(z.string(), anyJson)) }),
});

