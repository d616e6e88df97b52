import type { Logger } from "pino";
import { buildMessage, type MessageKind } from "@/lib/alerts/message";
import { observe, type Observation } from "@/lib/alerts/observe";
import { isSilenced, type AlertRule } from "@/lib/alerts/rule-schema";
import type { BeatSignal, RollupTotal, SignalSnapshot, SilenceSignal } from "@/lib/alerts/signals";
import { initialState, step, type AlertState } from "@/lib/alerts/state-machine";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { findAlertChannels } from "@/lib/repositories/alert-channels";
import { enqueueDeliveries, type NewDelivery } from "@/lib/repositories/alert-deliveries";
import { recordAlertHistory, type AlertHistoryEntry } from "@/lib/repositories/alert-history";
import { listAlertRules } from "@/lib/repositories/alert-rules";
import { readBrokerSignal, readQueueSignals, readRollupTotals, readTaskSilence, readWorkerSignals } from "@/lib/repositories/alert-signals";
import { listAlertStates, saveAlertStates, type AlertStateWrite, type StoredAlertState } from "@/lib/repositories/alert-states";
import { withTransaction } from "@/lib/repositories/transaction";
import { getBeatOverview } from "@/lib/services/beat-schedule";

export type EvaluateOptions = {
  /** the console's address, for links in notifications */
  baseUrl: string | undefined;
  /** queue samples older than this are not current (the sampler stopped): no value */
  queueSampleMaxAgeMs: number;
  /** an ingest report older than this says nothing about the broker now */
  ingestFreshMs: number;
};

export type TickTransition = { ruleId: string; kind: "fired" | "resolved"; value: number | null };

export type TickResult = { evaluated: number; transitions: TickTransition[]; notifications: number };

/**
 * One evaluation round: read every rule and its state, read the signals the enabled rules
 * need (once each), step each rule's state machine, and write states, history and the
 * outbox of notifications in one transaction. Stateless between rounds (everything is in
 * Postgres), so a standby that takes over continues where the old active process stopped.
 */
export async function evaluateAlerts(prisma: PrismaClient, options: EvaluateOptions, now: number, log?: Logger): Promise<TickResult> {
  const [rules, states] = await Promise.all([listAlertRules(prisma), listAlertStates(prisma)]);
  const enabled = rules.filter((rule) => rule.enabled);
  const snapshot = await readSnapshot(prisma, enabled, options, now);

  const writes: AlertStateWrite[] = [];
  const history: AlertHistoryEntry[] = [];
  const outbox: { rule: AlertRule; kind: MessageKind; observed: Observation; firedAt: number }[] = [];
  const transitions: TickTransition[] = [];

  for (const rule of rules) {
    const stored = states.get(rule.id);
    if (!rule.enabled) {
      // A disabled rule's alert ends quietly: recorded, not notified.
      if (stored && stored.phase !== "ok") {
        writes.push({ ...stored, phase: "ok", phaseSince: now, clearSince: null, lastNotifiedAt: null, evaluatedAt: now });
        if (stored.phase === "firing") history.push(entry(rule, "resolved", null, "rule disabled", now));
      }
      continue;
    }
    const observed = observe(rule, snapshot);
    const previous = toMachineState(stored, now);
    const result = step(rule, previous, { value: observed.value, at: now }, isSilenced(rule, now));
    writes.push({
      ruleId: rule.id,
      phase: result.state.phase,
      phaseSince: result.state.phaseSince,
      clearSince: result.state.clearSince,
      value: observed.value,
      summary: observed.summary,
      subjects: observed.subjects,
      lastNotifiedAt: result.state.lastNotifiedAt,
      evaluatedAt: now,
    });
    if (result.transition) {
      transitions.push({ ruleId: rule.id, kind: result.transition, value: observed.value });
      history.push(entry(rule, result.transition, observed.value, observed.summary, now));
    }
    if (result.notify) {
      const firedAt = result.notify === "resolved" ? previous.phaseSince : result.state.phaseSince;
      outbox.push({ rule, kind: result.notify, observed, firedAt });
    }
  }

  const channelIds = [...new Set(outbox.flatMap((item) => item.rule.channelIds))];
  const channels = new Map((await findAlertChannels(channelIds, prisma)).map((channel) => [channel.id, channel]));
  const deliveries: NewDelivery[] = outbox.flatMap(({ rule, kind, observed, firedAt }) =>
    rule.channelIds.flatMap((channelId) => {
      const channel = channels.get(channelId);
      if (!channel?.enabled) return [];
      const message = buildMessage(kind, rule, observed, { firedAt, at: now }, options.baseUrl);
      return [{ channelId, channelName: channel.name, channelType: channel.config.type, ruleId: rule.id, kind, message, status: "pending" as const, nextAttemptAt: new Date(now) }];
    }),
  );

  await withTransaction(prisma, async (tx) => {
    await saveAlertStates(writes, tx);
    await recordAlertHistory(history, tx);
    await enqueueDeliveries(deliveries, tx);
  });
  for (const transition of transitions) log?.info({ rule: transition.ruleId, value: transition.value }, `alert ${transition.kind}`);
  return { evaluated: enabled.length, transitions, notifications: deliveries.length };
}

function toMachineState(stored: StoredAlertState | undefined, now: number): AlertState {
  if (!stored) return initialState(now);
  return {
    phase: stored.phase,
    phaseSince: stored.phaseSince,
    clearSince: stored.clearSince,
    lastNotifiedAt: stored.lastNotifiedAt,
    acknowledged: stored.acknowledgedAt !== null,
  };
}

function entry(rule: AlertRule, kind: "fired" | "resolved", value: number | null, message: string, now: number): AlertHistoryEntry {
  return { ruleId: rule.id, ruleName: rule.name, severity: rule.severity, kind, actor: null, value, message, at: new Date(now) };
}

/**
 * The Beat page's own verdict (lib/services/beat-schedule.ts), so the alert and the page
 * never disagree. A source that cannot be read (django-celery-beat database down) is "no
 * data", not "stopped".
 */
async function readBeatSignal(now: number): Promise<BeatSignal> {
  try {
    const { health } = await getBeatOverview(now);
    return { state: health.state, missing: health.missing, judged: health.judged, message: health.message };
  } catch {
    return null;
  }
}

/** Reads each signal the enabled rules need, once. */
async function readSnapshot(prisma: PrismaClient, rules: readonly AlertRule[], options: EvaluateOptions, now: number): Promise<SignalSnapshot> {
  const needs = (metrics: readonly string[]) => rules.some((rule) => metrics.includes(rule.metric));
  const windows = [...new Set(rules.filter((rule) => ["failure_rate", "success_rate", "retry_rate", "avg_runtime"].includes(rule.metric)).map((rule) => rule.windowSeconds))];
  const silenceRules = rules.filter((rule) => rule.metric === "task_silence");
  const [workers, queues, broker, rollups, silence, beat] = await Promise.all([
    needs(["workers_online", "worker_cpu", "worker_memory"]) ? readWorkerSignals(now, prisma) : [],
    needs(["queue_depth"]) ? readQueueSignals(new Date(now - options.queueSampleMaxAgeMs), prisma) : [],
    needs(["broker_unavailable"]) ? readBrokerSignal(new Date(now - options.ingestFreshMs), prisma) : null,
    Promise.all(windows.map(async (window) => [window, await readRollupTotals(now, window, prisma)] as [number, RollupTotal[]])),
    Promise.all(silenceRules.map(async (rule) => [rule.id, await readTaskSilence(now, rule.taskPattern, rule.threshold, prisma)] as [string, SilenceSignal])),
    needs(["beat_stopped"]) ? readBeatSignal(now) : null,
  ]);
  return { now, workers, queues, broker, rollups: new Map(rollups), silence: new Map(silence), beat };
}
