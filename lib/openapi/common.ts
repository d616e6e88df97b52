import { z } from "zod";
import type { JsonValue } from "@/lib/celery/json-value";

/*
 * Response pieces several operations share. Named ones (`.meta({ id })`) become one entry in
 * the document's components.schemas instead of a copy per operation.
 */

/**
 * Any JSON value, as a worker or the result backend wrote it. Spelled out rather than z.json(),
 * whose inner recursion would get a nameless definition of its own in every operation.
 */
export const jsonValue: z.ZodType<JsonValue> = z
  .union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.lazy(() => jsonValue)), z.record(z.string(), z.lazy(() => jsonValue))])
  .meta({ id: "JsonValue", description: "any JSON value" });

/** Epoch milliseconds, or null when it did not happen (yet). */
export const epochMs = z.number().nullable();

export const healthTone = z.enum(["healthy", "warning", "critical"]).meta({ id: "HealthTone" });

/** What one worker said to a control or inspect command. */
export const workerReply = z
  .object({
    hostname: z.string(),
    status: z.enum(["ok", "error", "no_reply"]),
    reply: jsonValue.nullable(),
    message: z.string().describe("the worker's ok/error text, or 'no reply within 3 s'"),
  })
  .meta({ id: "WorkerReply" });

export const commandResult = z
  .object({
    command: z.string().describe("Celery's command name, e.g. pool_grow"),
    target: z.string(),
    outcome: z.enum(["ok", "error", "timeout"]),
    replies: z.array(workerReply),
    elapsedMs: z.number(),
  })
  .meta({ id: "CommandResult" });

/** A field stored as JSON whose shape is the sender's business (event fields, audit arguments). */
export const anyJson = z.unknown().meta({ id: "AnyJson", description: "any JSON value (null included)" });
