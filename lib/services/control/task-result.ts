import type { Redis } from "ioredis";
import type { Actor } from "@/lib/auth/actor";
import { maskBrokerUrl, parseBrokerUrl, type RedisBrokerConfig } from "@/lib/celery/broker-url";
import type { JsonValue } from "@/lib/celery/json-value";
import { parseResultMeta, resultMetaKey } from "@/lib/celery/result-meta";
import { ConfigError } from "@/lib/config/config-error";
import { loadSettings } from "@/lib/config/settings";
import { closeRedis, isUsable, openRedis, redisOptions } from "@/lib/control/redis-connection";
import { ControlServiceError } from "./control-service-error";
import { parseInput } from "./run-command";
import { taskResultInput, type TaskResultInput } from "./schemas";

export type TaskResult = {
  taskId: string;
  /** Celery's state; PENDING when the backend holds nothing for the id (as AsyncResult says) */
  state: string;
  /** false when the backend has no record: unknown, unfinished, or expired (result_expires) */
  found: boolean;
  result: JsonValue | null;
  traceback: string | null;
  /** ISO time, or null */
  dateDone: string | null;
};

/**
 * A task's result from the Redis result backend (`celery-task-meta-<id>`, JSON), for the
 * API's task result. Other backends (database, rpc://, S3...) are refused with a message that
 * says so: Bloom never guesses at a backend it cannot read.
 */
export async function readTaskResult(_actor: Actor, input: TaskResultInput): Promise<TaskResult> {
  const v = parseInput(taskResultInput, input);
  const redis = await backendConnection();
  let raw: string | null;
  try {
    raw = await redis.get(resultMetaKey(v.id));
  } catch (error) {
    throw new ControlServiceError("broker_unavailable", `The result backend cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (raw === null) return { taskId: v.id, state: "PENDING", found: false, result: null, traceback: null, dateDone: null };
  const meta = parseResultMeta(raw);
  if (!meta) throw new ControlServiceError("unsupported", "The stored result is not JSON (another result_serializer, e.g. pickle): Bloom does not decode it.");
  return {
    taskId: v.id,
    state: meta.status,
    found: true,
    result: meta.result === null ? null : (JSON.parse(meta.result) as JsonValue),
    traceback: meta.traceback,
    dateDone: meta.dateDone === null ? null : new Date(meta.dateDone * 1000).toISOString(),
  };
}

type Cached = { url: string; client: Promise<Redis> };
const globalForResults = globalThis as unknown as { bloomResultBackend?: Cached };

/** One connection per web process, reopened on the next call after a loss. */
async function backendConnection(): Promise<Redis> {
  const url = backendUrl();
  const cached = globalForResults.bloomResultBackend;
  if (cached?.url === url) {
    const client = await cached.client.catch(() => undefined);
    if (isUsable(client)) return client;
  }
  if (cached) void cached.client.then(closeRedis, () => undefined);
  const config = redisConfig(url);
  const client = openRedis(redisOptions(config, { connectionName: "bloom-web-results", connectTimeoutMs: 5_000, commandTimeoutMs: 5_000 }), () => undefined);
  globalForResults.bloomResultBackend = { url, client };
  try {
    return await client;
  } catch (error) {
    globalForResults.bloomResultBackend = undefined;
    throw new ControlServiceError("broker_unavailable", `The result backend ${maskBrokerUrl(url)} cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function backendUrl(): string {
  let url: string | undefined;
  try {
    url = loadSettings().resultBackendUrl;
  } catch (error) {
    if (error instanceof ConfigError) throw new ControlServiceError("unsupported", error.message);
    throw error;
  }
  if (!url) throw new ControlServiceError("unsupported", "No result backend is configured: set CELERY_RESULT_BACKEND to the workers' Redis result backend (redis://...) to read task results.");
  return url;
}

function redisConfig(url: string): RedisBrokerConfig {
  const scheme = url.split(":", 1)[0]?.toLowerCase() ?? "";
  if (!["redis", "rediss", "sentinel", "redis+sentinel"].includes(scheme)) {
    throw new ControlServiceError("unsupported", `Reading results from a ${scheme || "non-URL"} result backend is not supported: Bloom reads the Redis result backend only.`);
  }
  try {
    const config = parseBrokerUrl(url);
    if (config.transport === "redis") return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }
  throw new ControlServiceError("unsupported", `CELERY_RESULT_BACKEND ${maskBrokerUrl(url)} is not a Redis URL Bloom can read.`);
}

/** Closes the cached connection (tests, shutdown). */
export async function closeResultBackend(): Promise<void> {
  const cached = globalForResults.bloomResultBackend;
  globalForResults.bloomResultBackend = undefined;
  const client = await cached?.client.catch(() => undefined);
  if (client) await closeRedis(client);
}
