import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { decodeSegment } from "@/lib/http/path-segment";
import { inspectWorkerOperation, runWorkerCommandOperation } from "@/lib/openapi/operations/workers";
import { runWorkerCommand, runWorkerInspect } from "@/lib/services/control";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/workers/<hostname>/<inspect command>: ping, stats, active, reserved, scheduled,
 * revoked, registered (?taskinfoitems=rate_limit,time_limit), active_queues, conf,
 * query_task (?taskIds=a,b), report. `?timeoutMs=` bounds the wait.
 */
export const GET = apiRoute(inspectWorkerOperation, async ({ actor, params, query }) => {
  const result = await runWorkerInspect(actor!, decodeSegment(params.hostname), params.command, query);
  if (!result) throw notFound(`No inspect command ${JSON.stringify(params.command)}`);
  return result;
});

/**
 * POST /api/v1/workers/<hostname>/<command> with the command's input as a JSON body:
 * shutdown, pool_restart, pool_grow {n}, pool_shrink {n}, autoscale {max, min},
 * add_consumer {queue}, cancel_consumer {queue}, rate_limit {taskName, rateLimit},
 * time_limit {taskName, soft, hard}, enable_events, disable_events. Answers the replies.
 */
export const POST = apiRoute(runWorkerCommandOperation, async ({ actor, params, body }) => {
  const result = await runWorkerCommand(actor!, decodeSegment(params.hostname), params.command, body);
  if (!result) throw notFound(`No worker command ${JSON.stringify(params.command)}`);
  return result;
});
