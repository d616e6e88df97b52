"use server";

import { defineAction } from "@/lib/actions/define-action";
import {
  addConsumer,
  addConsumerInput,
  autoscaleInput,
  autoscaleWorker,
  cancelConsumer,
  cancelConsumerInput,
  poolGrow,
  poolRestart,
  poolRestartInput,
  poolShrink,
  poolSizeInput,
  rateLimitInput,
  refreshInput,
  refreshWorkers,
  retryTask,
  retryTaskInput,
  revokeInput,
  revokeTasks,
  setRateLimit,
  setTimeLimit,
  shutdownWorker,
  timeLimitInput,
  workerTargetInput,
} from "@/lib/services/control";

/**
 * The console's worker and task actions. Each one is a public POST endpoint whatever the UI
 * shows: defineAction resolves the session and parses the input, and the service checks the
 * role (and audits) itself, exactly as for the REST routes.
 */

export const shutdownWorkerAction = defineAction(workerTargetInput, (actor, input) => shutdownWorker(actor, input));
export const poolGrowAction = defineAction(poolSizeInput, (actor, input) => poolGrow(actor, input));
export const poolShrinkAction = defineAction(poolSizeInput, (actor, input) => poolShrink(actor, input));
export const poolRestartAction = defineAction(poolRestartInput, (actor, input) => poolRestart(actor, input));
export const autoscaleWorkerAction = defineAction(autoscaleInput, (actor, input) => autoscaleWorker(actor, input));
export const addConsumerAction = defineAction(addConsumerInput, (actor, input) => addConsumer(actor, input));
export const cancelConsumerAction = defineAction(cancelConsumerInput, (actor, input) => cancelConsumer(actor, input));
export const setRateLimitAction = defineAction(rateLimitInput, (actor, input) => setRateLimit(actor, input));
export const setTimeLimitAction = defineAction(timeLimitInput, (actor, input) => setTimeLimit(actor, input));
export const refreshWorkersAction = defineAction(refreshInput, (actor, input) => refreshWorkers(actor, input));

/** revoke, and terminate (revoke with `terminate: true`) */
export const revokeTasksAction = defineAction(revokeInput, (actor, input) => revokeTasks(actor, input));
export const retryTaskAction = defineAction(retryTaskInput, (actor, input) => retryTask(actor, input));
