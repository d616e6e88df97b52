import { readFileSync } from "node:fs";
import { Redis, type RedisOptions } from "ioredis";
import type { RedisBrokerConfig } from "@/lib/celery/broker-url";
import { describeError } from "../sources/describe-error";

/** ioredis emits 'end' when a disconnect completes; this bounds the wait if it never does. */
const END_TIMEOUT_MS = 5_000;

export type RedisConnectionOptions = {
  /** shows in CLIENT LIST, so operators can tell Bloom's connections apart */
  connectionName: string;
  connectTimeoutMs: number;
  /** reject a command that got no answer within this long (not for blocking reads) */
  commandTimeoutMs?: number;
};

/**
 * Connection settings from a parsed broker URL (plain, TLS or Sentinel). Bloom, not ioredis,
 * decides when to reconnect: ioredis' own retry timers can outlive disconnect() and would break
 * close()'s "nothing left running" promise, so every connection here dies on its first loss and
 * the next call opens a new one.
 */
export function redisOptions(config: RedisBrokerConfig, options: RedisConnectionOptions): RedisOptions {
  const base: RedisOptions = {
    db: config.db,
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.password === undefined ? {} : { password: config.password }),
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: options.connectTimeoutMs,
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeout: options.commandTimeoutMs }),
    keepAlive: 10_000,
    connectionName: options.connectionName,
    retryStrategy: () => null,
  };
  if (config.sentinels) {
    return {
      ...base,
      sentinels: config.sentinels,
      // parseBrokerUrl refuses sentinel URLs without a master name, so this is always set.
      name: config.sentinelMasterName ?? "",
      sentinelRetryStrategy: () => null,
    };
  }
  return { ...base, host: config.host, port: config.port, ...(config.tls ? { tls: tlsOptions(config) } : {}) };
}

function tlsOptions(config: RedisBrokerConfig): NonNullable<RedisOptions["tls"]> {
  const t = config.tlsOptions ?? { rejectUnauthorized: true };
  const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
  const ca = read(t.caFile);
  const cert = read(t.certFile);
  const key = read(t.keyFile);
  return { rejectUnauthorized: t.rejectUnauthorized, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

/** Opens a connection and waits until it is ready; on failure nothing is left open. */
export async function openRedis(options: RedisOptions, onError: (error: unknown) => void): Promise<Redis> {
  const client = new Redis(options);
  // Without an 'error' listener ioredis prints every failure to stderr.
  let lastError: unknown;
  client.on("error", (error: unknown) => {
    lastError = error;
    onError(error);
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await closeRedis(client);
    throw new Error(describeError(lastError ?? error));
  }
}

export function isUsable(client: Redis | undefined): client is Redis {
  return client !== undefined && client.status === "ready";
}

/** Drops the connection at once (pending commands reject) and waits for its socket to go. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status !== "end" && client.status !== "wait") {
    const ended = new Promise<void>((resolve) => {
      const timer = setTimeout(done, END_TIMEOUT_MS);
      client.once("end", done);
      function done() {
        clearTimeout(timer);
        client.off("end", done);
        resolve();
      }
    });
    client.disconnect();
    await ended;
  }
  client.removeAllListeners();
  // Keep swallowing errors of a socket still winding down.
  client.on("error", () => undefined);
}
