import { Redis } from "ioredis";
import type { RedBeatRecord } from "@/lib/beat/redbeat-entries";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
import { redisConnectionOptions } from "@/lib/broker/redis-options";

/**
 * RedBeat's keys (redbeat/schedulers.py): the sorted set `<prefix>:schedule` lists every
 * entry key scored by its next due time; each key is a hash with `definition` and `meta`.
 * Read-only: Bloom never writes RedBeat's keys. One short-lived connection per read.
 */
export async function readRedBeatRecords(url: string, prefix: string, limit = 1_000): Promise<RedBeatRecord[]> {
  const config = parseBrokerUrl(url);
  if (config.transport !== "redis") throw new Error("BLOOM_REDBEAT_URL must be a redis:// URL");
  const redis = new Redis(redisConnectionOptions(config, { connectionName: "bloom-redbeat", connectTimeoutMs: 3_000, commandTimeoutMs: 5_000 }));
  try {
    await redis.connect();
    const scored = await redis.zrange(`${prefix}:schedule`, 0, limit - 1, "WITHSCORES");
    const keys: { key: string; score: number }[] = [];
    for (let i = 0; i + 1 < scored.length; i += 2) keys.push({ key: scored[i] ?? "", score: Number(scored[i + 1]) });
    if (keys.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const { key } of keys) pipeline.hmget(key, "definition", "meta");
    const replies = (await pipeline.exec()) ?? [];
    return keys.map(({ key, score }, index) => {
      const [error, fields] = replies[index] ?? [null, null];
      const [definition = null, meta = null] = error ? [] : ((fields as (string | null)[] | null) ?? []);
      return { key, definition, meta, score: Number.isFinite(score) ? score : null };
    });
  } finally {
    redis.disconnect();
  }
}
