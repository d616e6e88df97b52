import { readFileSync } from "node:fs";
import type { RedisOptions } from "ioredis";
import type { RedisBrokerConfig } from "@/lib/celery/broker-url";

export type RedisConnectionOptions = {
  /** shows in CLIENT LIST, so operators can tell Bloom's connections apart */
  connectionName: string;
  connectTimeoutMs: number;
  /** reject a command that got no answer within this long (not for blocking reads) */
  commandTimeoutMs?: number;
  /** ioredis' per-command retries; the callers that own a reconnect loop pass 0 or null */
  maxRetriesPerRequest?: number | null;
};

/**
 * ioredis settings for a parsed broker URL (plain, TLS or Sentinel), shared by every Redis
 * connection Bloom opens (events, remote control, queue sampler, result backend). Bloom, not
 * ioredis, decides when to reconnect: ioredis' own retry timers can outlive disconnect(), so
 * each connection dies on its first loss and its owner opens a new one.
 */
export function redisConnectionOptions(config: RedisBrokerConfig, options: RedisConnectionOptions): RedisOptions {
  const base: RedisOptions = {
    db: config.db,
    ...(config.username === undefined ? {} : { username: config.username }),
    ...(config.password === undefined ? {} : { password: config.password }),
    lazyConnect: true,
    // a command issued while disconnected fails at once instead of queueing behind the outage
    enableOfflineQueue: false,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 0 : options.maxRetriesPerRequest,
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
  return { ...base, host: config.host, port: config.port, ...(config.tls ? { tls: redisTlsOptions(config) } : {}) };
}

/** Certificate files are read when the options are built, so a wrong path fails loudly and early. */
export function redisTlsOptions(config: RedisBrokerConfig): NonNullable<RedisOptions["tls"]> {
  const t = config.tlsOptions ?? { rejectUnauthorized: true };
  const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
  const ca = read(t.caFile);
  const cert = read(t.certFile);
  const key = read(t.keyFile);
  return { rejectUnauthorized: t.rejectUnauthorized, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}
