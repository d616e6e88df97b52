/**
 * Remote control of Celery workers: the one service layer under the console's server
 * actions (lib/actions/control-actions.ts), Bloom's REST routes (/api/v1/...) and the
 * Flower-compatible API (/api/worker/..., /api/task/...). Every function takes the Actor
 * first and its input as plain data, validates it (zod; ControlServiceError "invalid_input"
 * names the field, nothing is sent), checks the role and audits when it acts, and answers
 * the workers' replies plainly, "no reply within 3 s" and `{"error": ...}` included.
 *
 * Errors: ControlServiceError (codes → HTTP status in CONTROL_ERROR_STATUS), ForbiddenError
 * for viewers. Both are mapped by lib/http/error-status.ts.
 */

// inspect (read-only: any signed-in actor, not audited)
export { inspectWorkers, refreshWorkers, type InspectResult, type RefreshResult } from "./inspect";

// worker commands (admin, audited)
export {
  addConsumer,
  autoscaleWorker,
  cancelConsumer,
  poolGrow,
  poolRestart,
  poolShrink,
  setRateLimit,
  setTimeLimit,
  setWorkerEvents,
  shutdownWorker,
} from "./worker-commands";

// REST dispatch by command name (POST/GET /api/v1/workers/<hostname>/<command>)
export { WORKER_COMMAND_NAMES, isInspectCommandName, isWorkerCommandName, runWorkerCommand, runWorkerInspect, type WorkerCommandName } from "./worker-command-dispatch";

// tasks (admin, audited)
export { revokeTasks, revokeTasksByName, terminateTasks, type RevokeByNameResult } from "./revoke";
export { listRetriesOf, retryTask, sendTaskByName, type SentTask } from "./send-task";
export { readTaskResult, type TaskResult } from "./task-result";
export { abortTask, abortTaskInput, type AbortResult, type AbortTaskInput } from "./abort";

// audit log (admin)
export { auditQuery, listAuditEntries, type AuditPage, type AuditQuery } from "./audit";

export type { CommandOutcome, CommandResult, WorkerReply } from "./run-command";
export { CONTROL_ERROR_STATUS, ControlServiceError, type ControlServiceErrorCode } from "./control-service-error";
export * from "./schemas";
