import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { JsonObject } from "@/lib/celery/json-value";
import { loadSettings } from "@/lib/config/settings";
import { recordAudit } from "@/lib/repositories/audit-log";
import { setDjangoTaskEnabled } from "@/lib/repositories/beat-django-celery-beat";
import { assertCanAct } from "@/lib/services/authorize";
import { sendTaskByName, type SentTask } from "@/lib/services/control";
import { BeatServiceError } from "./beat-errors";
import { loadBeatEntries, type BeatSettings } from "./beat-schedule";

const entryIdSchema = z.string().trim().min(3).max(600);
export const runBeatEntryInput = z.strictObject({ id: entryIdSchema });
export const setBeatEntryEnabledInput = z.strictObject({ id: entryIdSchema, enabled: z.boolean() });
export type RunBeatEntryInput = z.input<typeof runBeatEntryInput>;
export type SetBeatEntryEnabledInput = z.input<typeof setBeatEntryEnabledInput>;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BeatServiceError("invalid_input", `${issue?.path.join(".") || "input"}: ${issue?.message ?? "is invalid"}`);
  }
  return parsed.data;
}

async function findEntry(id: string, settings: BeatSettings) {
  const { entries } = await loadBeatEntries(settings);
  const entry = entries.find((candidate) => candidate.id === id);
  if (!entry) throw new BeatServiceError("not_found", `No periodic task ${id} in any beat source.`);
  return entry;
}

/**
 * "Run now": sends the entry's task with its args, kwargs and the options beat would pass
 * (queue, else routing_key, else Celery's default queue; priority; expires), through the
 * control service's send-task (which records the task and its own audit row). The beat row
 * in the audit log ties the send to the entry.
 */
export async function runBeatEntryNow(actor: Actor, input: RunBeatEntryInput, settings: BeatSettings = loadSettings()): Promise<SentTask> {
  const { id } = parse(runBeatEntryInput, input);
  await assertCanAct(actor, "beat.run-now", id);
  const started = performance.now();
  const entry = await findEntry(id, settings);
  const { queue, routing_key: routingKey, priority, expires } = entry.options;
  const target = {
    name: entry.task,
    queue: typeof queue === "string" && queue ? queue : typeof routingKey === "string" && routingKey ? routingKey : "celery",
    args: entry.args,
    kwargs: entry.kwargs as JsonObject,
    ...(typeof priority === "number" ? { priority } : {}),
    ...(typeof expires === "number" || typeof expires === "string" ? { expires } : {}),
  };
  const auditArguments = { task: target.name, queue: target.queue, args: target.args, kwargs: target.kwargs };
  try {
    const sent = await sendTaskByName(actor, target);
    await recordAudit({ actor: actor.name, action: "beat.run-now", target: id, arguments: auditArguments, replies: { taskId: sent.taskId }, outcome: "ok", durationMs: Math.round(performance.now() - started) });
    return sent;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordAudit({ actor: actor.name, action: "beat.run-now", target: id, arguments: auditArguments, replies: { error: message }, outcome: "error", durationMs: Math.round(performance.now() - started) });
    throw error;
  }
}

/**
 * Enables or disables a django-celery-beat entry in its database, as the Django admin does
 * (see setDjangoTaskEnabled); a running DatabaseScheduler picks it up within its sync
 * interval. Other sources have no flag Bloom may write: the workers' conf is code, and
 * RedBeat's definitions belong to the app that saved them.
 */
export async function setBeatEntryEnabled(actor: Actor, input: SetBeatEntryEnabledInput, settings: BeatSettings = loadSettings()): Promise<{ id: string; enabled: boolean }> {
  const { id, enabled } = parse(setBeatEntryEnabledInput, input);
  const action = enabled ? "beat.enable" : "beat.disable";
  await assertCanAct(actor, action, id);
  const started = performance.now();
  const entry = await findEntry(id, settings);
  if (entry.source !== "django" || entry.djangoId === null || !settings.beatDatabaseUrl) {
    throw new BeatServiceError("unsupported", "Only django-celery-beat entries can be enabled or disabled from Bloom; change the app's beat_schedule (or RedBeat entry) instead.");
  }
  let changed: boolean;
  try {
    changed = await setDjangoTaskEnabled(settings.beatDatabaseUrl, entry.djangoId, enabled);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordAudit({ actor: actor.name, action, target: id, arguments: { djangoId: entry.djangoId }, replies: { error: message }, outcome: "error", durationMs: Math.round(performance.now() - started) });
    throw new BeatServiceError("source_unavailable", `django-celery-beat's database refused the change: ${message}`);
  }
  if (!changed) throw new BeatServiceError("not_found", `The periodic task ${entry.name} is no longer in django-celery-beat's database.`);
  await recordAudit({ actor: actor.name, action, target: id, arguments: { djangoId: entry.djangoId }, replies: { enabled }, outcome: "ok", durationMs: Math.round(performance.now() - started) });
  return { id, enabled };
}
