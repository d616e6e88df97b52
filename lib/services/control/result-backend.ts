import type { Redis } from "ioredis";
import { maskBrokerUrl, parseBrokerUrl, type RedisBrokerConfig } from "@/lib/celery/broker-url";
import { ConfigError } from "@/lib/config/config-error";
import { loadSettings } from "@/lib/config/settings";
import { closeRedis, isUsable, openRedis, redisOptions } from "@/lib/control/redis-connection";
import { ControlServiceError } from "./control-service-error";

/*
 * The workers' Redis result backend (CELERY_RESULT_BACKEND), read for task results and
 * written for aborts. Other backends (database, rpc://, S3...) are refused with a message
 * that says so: Bloom never guesses at a backend it cannot read.
 */

type Cached = { url: string; client: Promise<Redis> };
const globalForResults = globalThis as unknown as { bloomResultBackend?: Cached };

/** One connection per web process, reopened on the next call after a loss. */
export async function resultBackendConnection(): Promise<Redis> {
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
