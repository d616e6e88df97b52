import type { Actor } from "@/lib/auth/actor";
import type { CommandResult } from "./run-command";
import { addConsumer, autoscaleWorker, cancelConsumer, poolGrow, poolRestart, poolShrink, setRateLimit, setTimeLimit, setWorkerEvents, shutdownWorker } from "./worker-commands";
import { inspectWorkers, type InspectResult } from "./inspect";
import { INSPECT_COMMANDS, type InspectCommand } from "./schemas";

/**
 * Bloom's REST routes name the command in the path (`POST /api/v1/workers/w1@host/pool_grow`);
 * this table maps the name to its service. The body is the command's input without the
 * hostname, which the path gives (a hostname in the body is overridden, never trusted).
 * The services validate the body themselves.
 */
type Body = Record<string, unknown>;
const WORKER_COMMANDS = {
  shutdown: (actor: Actor, input: Body) => shutdownWorker(actor, input as Parameters<typeof shutdownWorker>[1]),
  pool_restart: (actor: Actor, input: Body) => poolRestart(actor, input as Parameters<typeof poolRestart>[1]),
  pool_grow: (actor: Actor, input: Body) => poolGrow(actor, input as Parameters<typeof poolGrow>[1]),
  pool_shrink: (actor: Actor, input: Body) => poolShrink(actor, input as Parameters<typeof poolShrink>[1]),
  autoscale: (actor: Actor, input: Body) => autoscaleWorker(actor, input as Parameters<typeof autoscaleWorker>[1]),
  add_consumer: (actor: Actor, input: Body) => addConsumer(actor, input as Parameters<typeof addConsumer>[1]),
  cancel_consumer: (actor: Actor, input: Body) => cancelConsumer(actor, input as Parameters<typeof cancelConsumer>[1]),
  rate_limit: (actor: Actor, input: Body) => setRateLimit(actor, input as Parameters<typeof setRateLimit>[1]),
  time_limit: (actor: Actor, input: Body) => setTimeLimit(actor, input as Parameters<typeof setTimeLimit>[1]),
  enable_events: (actor: Actor, input: Body) => setWorkerEvents(actor, { ...input, enabled: true } as Parameters<typeof setWorkerEvents>[1]),
  disable_events: (actor: Actor, input: Body) => setWorkerEvents(actor, { ...input, enabled: false } as Parameters<typeof setWorkerEvents>[1]),
} satisfies Record<string, (actor: Actor, input: Body) => Promise<CommandResult>>;

export type WorkerCommandName = keyof typeof WORKER_COMMANDS;
export const WORKER_COMMAND_NAMES = Object.keys(WORKER_COMMANDS) as WorkerCommandName[];

/** `pool-grow` and `pool_grow` both name pool_grow. */
function normalise(name: string): string {
  return name.replaceAll("-", "_");
}

export function isWorkerCommandName(name: string): name is WorkerCommandName {
  return Object.hasOwn(WORKER_COMMANDS, normalise(name));
}

export function isInspectCommandName(name: string): name is InspectCommand {
  return (INSPECT_COMMANDS as readonly string[]).includes(normalise(name));
}

/** Runs a worker command named in a URL; undefined when no such command exists (the route answers 404). */
export async function runWorkerCommand(actor: Actor, hostname: string, name: string, body: Body): Promise<CommandResult | undefined> {
  const key = normalise(name);
  if (!Object.hasOwn(WORKER_COMMANDS, key)) return undefined;
  return WORKER_COMMANDS[key as WorkerCommandName](actor, { ...body, hostname });
}

/** Runs an inspect command named in a URL against one worker; undefined when no such command exists. */
export async function runWorkerInspect(actor: Actor, hostname: string, name: string, options: { timeoutMs?: number; taskIds?: string[]; taskinfoitems?: string[] }): Promise<InspectResult | undefined> {
  const key = normalise(name);
  if (!isInspectCommandName(key)) return undefined;
  return inspectWorkers(actor, { command: key, destination: [hostname], ...options });
}
