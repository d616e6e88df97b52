import { Redis } from "ioredis";
import type { Logger } from "pino";
import { maskBrokerUrl, parseBrokerUrl, type BrokerConfig, type RedisBrokerConfig } from "@/lib/celery/broker-url";
import { parseResultMeta, RESULT_META_PREFIX, resultMetaKey, type ResultMeta } from "@/lib/celery/result-meta";
import { READY_STATES } from "@/lib/celery/states";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { redisConnectionOptions } from "@/lib/broker/redis-options";
import { applyBackendResults, findExistingTaskIds, insertTasksFromBackend, listUnfinishedTaskIds } from "@/lib/repositories/reconcile-writes";

const PAGE = 500;

export type ReconcileReport = { checked: number; finished: number; imported: number };

/**
 * Fills in what Bloom missed while it was not listening, from the Redis result backend
 * (`celery-task-meta-<id>`): tasks it believes unfinished get their final state, and, when
 * `importSince` is given, finished tasks it never heard of are added (Redis pub/sub keeps
 * nothing for an absent subscriber). Other backends are reported as unsupported.
 */
export class ResultBackendReconciler {
  private readonly config: RedisBrokerConfig | null;

  constructor(
    private readonly prisma: PrismaClient,
    backendUrl: string,
    private readonly log: Logger,
  ) {
    this.config = redisBackendConfig(backendUrl, log);
  }

  get supported(): boolean {
    return this.config !== null;
  }

  /** Runs are rare (start-up, after a broker reconnect): one short-lived connection each. */
  async run(importSince: number | null): Promise<ReconcileReport> {
    if (!this.config) return { checked: 0, finished: 0, imported: 0 };
    const redis = new Redis(redisConnectionOptions(this.config, { connectionName: "bloom-reconcile", connectTimeoutMs: 10_000, commandTimeoutMs: 30_000, maxRetriesPerRequest: 1 }));
    redis.on("error", () => undefined); // surfaces as a rejected command below
    try {
      await redis.connect();
      return await this.reconcile(redis, importSince);
    } finally {
      redis.disconnect();
    }
  }

  private async reconcile(redis: Redis, importSince: number | null): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, finished: 0, imported: 0 };
    let after = "";
    for (;;) {
      const ids = await listUnfinishedTaskIds(this.prisma, after, PAGE);
      if (ids.length === 0) break;
      after = ids.at(-1) ?? after;
      report.checked += ids.length;
      const metas = await this.fetch(redis, ids);
      report.finished += await applyBackendResults(this.prisma, metas.filter((meta) => READY_STATES.has(meta.status)));
    }
    if (importSince !== null) report.imported = await this.importUnknown(redis, importSince);
    if (report.finished + report.imported > 0) this.log.info(report, "reconciled tasks from the result backend");
    return report;
  }

  private async importUnknown(redis: Redis, since: number): Promise<number> {
    let imported = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${RESULT_META_PREFIX}*`, "COUNT", 1000);
      cursor = next;
      const ids = keys.map((key) => key.slice(RESULT_META_PREFIX.length));
      if (ids.length === 0) continue;
      const known = await findExistingTaskIds(this.prisma, ids);
      const unknown = ids.filter((id) => !known.has(id));
      const metas = (await this.fetch(redis, unknown)).filter((meta) => READY_STATES.has(meta.status) && (meta.dateDone ?? 0) >= since);
      imported += await insertTasksFromBackend(this.prisma, metas);
    } while (cursor !== "0");
    return imported;
  }

  private async fetch(redis: Redis, ids: string[]): Promise<ResultMeta[]> {
    if (ids.length === 0) return [];
    const values = await redis.mget(ids.map(resultMetaKey));
    return values.map(parseResultMeta).filter((meta): meta is ResultMeta => meta !== null && ids.includes(meta.taskId));
  }
}

function redisBackendConfig(backendUrl: string, log: Logger): RedisBrokerConfig | null {
  let config: BrokerConfig | null;
  try {
    config = parseBrokerUrl(backendUrl);
  } catch {
    config = null;
  }
  if (!config || config.transport !== "redis") {
    log.warn({ backend: maskBrokerUrl(backendUrl) }, "reconciling from this result backend is not supported (Redis only); missed events stay missed");
    return null;
  }
  return config;
}
