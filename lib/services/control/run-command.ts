import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { ControlArgumentError, buildControlCommand, isJsonValue, type ControlCommand, type ControlCommandInput, type ControlCommandName } from "@/lib/celery/control-messages";
import { isJsonObject, type JsonObject, type JsonValue } from "@/lib/celery/json-value";
import { ControlError, type BroadcastResult } from "@/lib/control/control-channel";
import { recordAudit } from "@/lib/repositories/audit-log";
import { findKnownWorkerNames } from "@/lib/repositories/control-lookups";
import { listOnlineWorkerNames } from "@/lib/repositories/worker-inspections";
import { defaultDb } from "@/lib/repositories/db";
import { assertCanAct } from "@/lib/services/authorize";
import { getControlChannel } from "./control-channel-instance";
import { ControlServiceError } from "./control-service-error";
import { DEFAULT_TIMEOUT_MS } from "./schemas";

/** What one worker said: its answer, its `{"error": ...}`, or nothing before the deadline. */
export type WorkerReply = {
  hostname: string;
  status: "ok" | "error" | "no_reply";
  /** the reply as the worker sent it; null for no_reply */
  reply: JsonValue | null;
  /** one line for people: the worker's ok/error text, or "no reply within 3 s" */
  message: string;
};

export type CommandOutcome = "ok" | "error" | "timeout";

export type CommandResult = {
  /** Celery's command name, e.g. "pool_grow" */
  command: string;
  /** what the command was aimed at: a hostname, task ids, a task name, or "all workers" */
  target: string;
  /** ok: every expected worker answered without error; error: one answered `{"error"}`; timeout: one stayed silent */
  outcome: CommandOutcome;
  replies: WorkerReply[];
  elapsedMs: number;
};

/** Parses service input; failures become invalid_input naming the field (nothing is sent). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // A stray key has no path of its own; naming it is what helps the caller.
    const stray = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
    const field = [...(issue?.path ?? []), ...(stray ? [stray] : [])].join(".") || "input";
    throw new ControlServiceError("invalid_input", `${field}: ${issue?.message ?? "is invalid"}`, field);
  }
  return parsed.data;
}

/** The typed builder, with its argument errors as invalid_input. */
export function command<N extends ControlCommandName>(name: N, args: ControlCommandInput<N>): ControlCommand {
  try {
    return (buildControlCommand as (n: N, a: ControlCommandInput<N>) => ControlCommand)(name, args);
  } catch (error) {
    if (error instanceof ControlArgumentError) throw new ControlServiceError("invalid_input", error.message, error.field);
    throw error;
  }
}

/** 404 unless Bloom has a worker row for every name: a typo must not go out as a silent broadcast. */
export async function assertWorkersKnown(hostnames: readonly string[]): Promise<void> {
  const known = await findKnownWorkerNames(hostnames, defaultDb());
  const unknown = hostnames.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ControlServiceError("unknown_worker", `Unknown worker${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, "hostname");
  }
}

type Broadcast = {
  command: ControlCommand;
  /** named workers; omitted = every worker */
  destination?: readonly string[];
  timeoutMs?: number;
  /** who must answer before the wait ends; default: the destination, else the online workers */
  expected?: readonly string[];
};

export type BroadcastOutcome = { replies: WorkerReply[]; outcome: CommandOutcome; timedOut: boolean; elapsedMs: number; expected: readonly string[] };

/**
 * Sends one command and reads the replies. Expected repliers are the named destination, or
 * the workers Postgres knows are online, so the wait ends as soon as they all answered
 * instead of running out the timeout as Celery and Flower do. Workers nobody expected may
 * still answer within that time and are kept. With no online worker known, the whole
 * timeout is waited: it is the only way to hear from workers Bloom has not seen yet.
 */
export async function broadcast({ command: cmd, destination, timeoutMs = DEFAULT_TIMEOUT_MS, expected: given }: Broadcast): Promise<BroadcastOutcome> {
  const channel = getControlChannel();
  const expected = destination ?? given ?? (cmd.expectsReply ? await listOnlineWorkerNames(defaultDb()) : []);
  let result: BroadcastResult;
  try {
    result = await channel.broadcast(cmd.method, cmd.arguments, {
      ...(destination ? { destination } : {}),
      timeoutMs,
      // [] would mean "ask for no reply"; undefined waits out the timeout for unknown workers.
      expectedReplies: !cmd.expectsReply ? 0 : expected.length > 0 ? expected : undefined,
    });
  } catch (error) {
    throw fromControlError(error);
  }
  const replies = toWorkerReplies(result.replies, cmd.expectsReply ? expected : [], timeoutMs);
  return { replies, outcome: outcomeOf(replies), timedOut: result.timedOut, elapsedMs: result.elapsedMs, expected };
}

function fromControlError(error: unknown): unknown {
  if (!(error instanceof ControlError)) return error;
  if (error.code === "invalid_argument") return new ControlServiceError("invalid_input", error.message, error.field);
  return new ControlServiceError("broker_unavailable", `The broker cannot be reached: ${error.message}`);
}

export function toWorkerReplies(raw: Record<string, unknown>, expected: readonly string[], timeoutMs: number): WorkerReply[] {
  const out: WorkerReply[] = [];
  const seen = new Set<string>();
  for (const hostname of [...expected, ...Object.keys(raw).sort()]) {
    if (seen.has(hostname)) continue;
    seen.add(hostname);
    if (!Object.hasOwn(raw, hostname)) {
      out.push({ hostname, status: "no_reply", reply: null, message: `no reply within ${formatSeconds(timeoutMs)}` });
      continue;
    }
    const value = raw[hostname];
    const reply: JsonValue = isJsonValue(value) ? value : String(value);
    if (isJsonObject(reply) && typeof reply["error"] === "string") {
      out.push({ hostname, status: "error", reply, message: reply["error"] });
    } else if (isJsonObject(reply) && typeof reply["ok"] === "string") {
      out.push({ hostname, status: "ok", reply, message: reply["ok"] });
    } else {
      out.push({ hostname, status: "ok", reply, message: "ok" });
    }
  }
  return out;
}

function outcomeOf(replies: readonly WorkerReply[]): CommandOutcome {
  if (replies.some((reply) => reply.status === "no_reply")) return "timeout";
  if (replies.some((reply) => reply.status === "error")) return "error";
  return "ok";
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export type ControlAction = {
  /** audit verb, e.g. "control.pool-grow" */
  action: string;
  /** audit target and what the result names */
  target: string;
  command: ControlCommand;
  /** named workers (checked against Postgres); omitted = every worker */
  destination?: readonly string[];
  timeoutMs?: number;
  /** extra audit arguments beside the command's own (e.g. a name pattern) */
  auditArguments?: JsonObject;
  /** more checks after the role check and before sending (e.g. the task ids exist) */
  precheck?: (() => Promise<void>) | undefined;
};

/**
 * Every acting command goes through here: the role check (which audits refusals), the
 * worker names against Postgres, the broadcast, and one audit row with the replies and the
 * time it took. A command to named workers none of whom answered is a 504: whether it was
 * applied is unknown, and saying "ok" would be a lie.
 */
export async function runControlAction(actor: Actor, spec: ControlAction): Promise<CommandResult> {
  await assertCanAct(actor, spec.action, spec.target);
  if (spec.destination) await assertWorkersKnown(spec.destination);
  await spec.precheck?.();
  const started = performance.now();
  const auditArguments: JsonObject = {
    ...spec.auditArguments,
    method: spec.command.method,
    arguments: spec.command.arguments,
    destination: spec.destination ? [...spec.destination] : null,
  };
  let sent: BroadcastOutcome;
  try {
    sent = await broadcast({ command: spec.command, ...(spec.destination ? { destination: spec.destination } : {}), ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordAudit({ actor: actor.name, action: spec.action, target: spec.target, arguments: auditArguments, replies: { error: message }, outcome: "error", durationMs: Math.round(performance.now() - started) });
    throw error;
  }
  const result: CommandResult = { command: spec.command.method, target: spec.target, outcome: sent.outcome, replies: sent.replies, elapsedMs: Math.round(sent.elapsedMs) };
  await recordAudit({
    actor: actor.name,
    action: spec.action,
    target: spec.target,
    arguments: auditArguments,
    replies: sent.replies,
    outcome: result.outcome,
    durationMs: Math.round(performance.now() - started),
  });
  const silent = spec.destination !== undefined && spec.command.expectsReply && sent.replies.every((reply) => reply.status === "no_reply");
  if (silent) {
    throw new ControlServiceError(
      "timeout",
      `No reply from ${spec.destination?.join(", ")} within ${formatSeconds(spec.timeoutMs ?? DEFAULT_TIMEOUT_MS)}: the worker may be busy, offline or gone, and the command may or may not have been applied.`,
    );
  }
  return result;
}
