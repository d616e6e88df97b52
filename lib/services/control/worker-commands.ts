import type { Actor } from "@/lib/auth/actor";
import { command, parseInput, runControlAction, type CommandResult } from "./run-command";
import {
  addConsumerInput,
  autoscaleInput,
  cancelConsumerInput,
  poolRestartInput,
  poolSizeInput,
  rateLimitInput,
  timeLimitInput,
  workerEventsInput,
  workerTargetInput,
  type AddConsumerInput,
  type AutoscaleInput,
  type CancelConsumerInput,
  type PoolRestartInput,
  type PoolSizeInput,
  type RateLimitInput,
  type TimeLimitInput,
  type WorkerEventsInput,
  type WorkerTargetInput,
} from "./schemas";

/**
 * Commands aimed at one worker. Each validates its input, then runControlAction checks the
 * role, that the worker exists, sends, and audits. The replies come back as the worker gave
 * them (e.g. autoscale on a worker started without --autoscale answers an error).
 */

/**
 * Warm shutdown: the worker stops taking tasks, finishes the running ones and exits.
 * celery: shutdown never replies (the worker exits first), so it is sent without asking for
 * one and the result has no replies; the worker-offline event tells when it is gone.
 */
export async function shutdownWorker(actor: Actor, input: WorkerTargetInput): Promise<CommandResult> {
  const v = parseInput(workerTargetInput, input);
  return runControlAction(actor, { action: "control.shutdown", target: v.hostname, command: command("shutdown", {}), destination: [v.hostname], timeoutMs: v.timeoutMs });
}

export async function poolGrow(actor: Actor, input: PoolSizeInput): Promise<CommandResult> {
  const v = parseInput(poolSizeInput, input);
  return runControlAction(actor, { action: "control.pool-grow", target: v.hostname, command: command("pool_grow", { n: v.n }), destination: [v.hostname], timeoutMs: v.timeoutMs });
}

export async function poolShrink(actor: Actor, input: PoolSizeInput): Promise<CommandResult> {
  const v = parseInput(poolSizeInput, input);
  return runControlAction(actor, { action: "control.pool-shrink", target: v.hostname, command: command("pool_shrink", { n: v.n }), destination: [v.hostname], timeoutMs: v.timeoutMs });
}

/** Needs `worker_pool_restarts = True` on the worker; otherwise its error reply says so. */
export async function poolRestart(actor: Actor, input: PoolRestartInput): Promise<CommandResult> {
  const v = parseInput(poolRestartInput, input);
  return runControlAction(actor, {
    action: "control.pool-restart",
    target: v.hostname,
    command: command("pool_restart", { reload: v.reload, ...(v.modules ? { modules: v.modules } : {}) }),
    destination: [v.hostname],
    timeoutMs: v.timeoutMs,
  });
}

/** Needs a worker started with --autoscale; otherwise its error reply says so. */
export async function autoscaleWorker(actor: Actor, input: AutoscaleInput): Promise<CommandResult> {
  const v = parseInput(autoscaleInput, input);
  return runControlAction(actor, { action: "control.autoscale", target: v.hostname, command: command("autoscale", { max: v.max, min: v.min }), destination: [v.hostname], timeoutMs: v.timeoutMs });
}

export async function addConsumer(actor: Actor, input: AddConsumerInput): Promise<CommandResult> {
  const v = parseInput(addConsumerInput, input);
  return runControlAction(actor, {
    action: "control.add-consumer",
    target: v.hostname,
    command: command("add_consumer", {
      queue: v.queue,
      exchangeType: v.exchangeType,
      ...(v.exchange !== undefined ? { exchange: v.exchange } : {}),
      ...(v.routingKey !== undefined ? { routingKey: v.routingKey } : {}),
    }),
    destination: [v.hostname],
    timeoutMs: v.timeoutMs,
  });
}

export async function cancelConsumer(actor: Actor, input: CancelConsumerInput): Promise<CommandResult> {
  const v = parseInput(cancelConsumerInput, input);
  return runControlAction(actor, { action: "control.cancel-consumer", target: v.hostname, command: command("cancel_consumer", { queue: v.queue }), destination: [v.hostname], timeoutMs: v.timeoutMs });
}

/** `10/m`, `5/s`, `100/h` or a number per second; 0 removes the limit. */
export async function setRateLimit(actor: Actor, input: RateLimitInput): Promise<CommandResult> {
  const v = parseInput(rateLimitInput, input);
  return runControlAction(actor, {
    action: "control.rate-limit",
    target: v.hostname,
    command: command("rate_limit", { taskName: v.taskName, rateLimit: v.rateLimit }),
    destination: [v.hostname],
    timeoutMs: v.timeoutMs,
  });
}

/** Seconds; a missing limit is cleared (Celery's semantics: both are set together). */
export async function setTimeLimit(actor: Actor, input: TimeLimitInput): Promise<CommandResult> {
  const v = parseInput(timeLimitInput, input);
  return runControlAction(actor, {
    action: "control.time-limit",
    target: v.hostname,
    command: command("time_limit", { taskName: v.taskName, soft: v.soft ?? null, hard: v.hard ?? null }),
    destination: [v.hostname],
    timeoutMs: v.timeoutMs,
  });
}

/** enable_events / disable_events, to one worker or (without a hostname) to all of them. */
export async function setWorkerEvents(actor: Actor, input: WorkerEventsInput): Promise<CommandResult> {
  const v = parseInput(workerEventsInput, input);
  const name = v.enabled ? "enable_events" : "disable_events";
  return runControlAction(actor, {
    action: v.enabled ? "control.enable-events" : "control.disable-events",
    target: v.hostname ?? "all workers",
    command: command(name, {}),
    ...(v.hostname ? { destination: [v.hostname] } : {}),
    timeoutMs: v.timeoutMs,
  });
}
