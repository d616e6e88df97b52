import type { Actor } from "@/lib/auth/actor";
import type { LiveLists } from "@/lib/flower/worker-shape";
import { inspectWorkers, refreshWorkers } from "@/lib/services/control";
import { listFlowerWorkers } from "./flower-api";

const LIVE_LISTS = ["active", "reserved", "scheduled", "revoked"] as const;

/**
 * `GET /api/workers`. With `refresh`, the workers are inspected now (their stats, registered,
 * active_queues and conf replies are stored, as the ingest poller does) and their running,
 * waiting and revoked lists come from the same live round; otherwise everything is read from
 * PostgreSQL.
 */
export async function readWorkersForFlower(actor: Actor, query: { refresh?: boolean | undefined; status?: boolean | undefined; workername?: string | undefined }) {
  let live: Record<string, LiveLists> | undefined;
  if (query.refresh) {
    const target = query.workername ? { hostname: query.workername } : {};
    const [, ...lists] = await Promise.all([
      refreshWorkers(actor, target),
      ...LIVE_LISTS.map((command) => inspectWorkers(actor, { command, ...(query.workername ? { destination: [query.workername] } : {}) })),
    ]);
    live = {};
    lists.forEach((result, index) => {
      const command = LIVE_LISTS[index];
      if (!command || !live) return;
      for (const reply of result.replies) {
        if (reply.status !== "ok") continue;
        live[reply.hostname] = { ...live[reply.hostname], [command]: reply.reply };
      }
    });
  }
  return listFlowerWorkers({ ...(query.workername ? { workername: query.workername } : {}), ...(query.status ? { status: true } : {}), ...(live ? { live } : {}) });
}
