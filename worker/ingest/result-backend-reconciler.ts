import { Redis } from "ioredis";
import type { Logger } from "pino";
import { parseBrokerUrl } from "@/lib/celery/broker-url";
import { parseResultMeta, RESULT_META_PREFIX, resultMetaKey, type ResultMeta } from "@/lib/celery/result-meta";
import { READY_STATES } from "@/lib/celery/states";
import type { PrismaClient } from "@/lib/generated/prisma/client";
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
  private readonly redis: Redis | null;

  constructor(
    private readonly prisma: PrismaClient,
    backendUrl: string,
    private readonly log: Logger,
  ) {
    this.redis = openRedis(backendUrl, log);
  }

  get supported(): boolean {
    return this.redis !== null;
  }

  async run(importSince: number | null): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, finished: 0, imported: 0 };
    if (!this.redis) return report;
    const redis = this.redis;
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

  async close(): Promise<void> {
    this.redis?.disconnect();
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

function openRedis(backendUrl: string, log: Logger): Redis | null {
  let config;
  try {
    config = parseBrokerUrl(backendUrl);
  } catch {
    config = null;
  }
  if (!config || config.transport !== "redis" || config.sentinels) {
    log.warn({ backend: backendUrl.replace(/\/\/[^@]*@/, "//****@") }, "reconciling from this result backend is not supported (Redis only); missed events stay missed");
    return null;
  }
  return new Redis({
    host: config.host,
    port: config.port,
    db: config.db,
    username: config.username,
    password: config.password,
    tls: config.tls ? {} : undefined,
    lazyConnect: false,
    maxRetriesPerRequest: 2,
  });
}
