import type { AlertPhase } from "@/lib/alerts/state-machine";
import type { Subject } from "@/lib/alerts/observe";
import type { Prisma } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

/** One rule's stored alert state. Times are epoch ms. */
export type StoredAlertState = {
  ruleId: string;
  phase: AlertPhase;
  phaseSince: number;
  clearSince: number | null;
  value: number | null;
  summary: string | null;
  subjects: Subject[];
  lastNotifiedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  evaluatedAt: number;
};

type Row = {
  ruleId: string;
  phase: string;
  phaseSince: Date;
  clearSince: Date | null;
  value: number | null;
  summary: string | null;
  detail: Prisma.JsonValue;
  lastNotifiedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  evaluatedAt: Date;
};

function toState(row: Row): StoredAlertState {
  return {
    ruleId: row.ruleId,
    phase: row.phase === "pending" || row.phase === "firing" ? row.phase : "ok",
    phaseSince: row.phaseSince.getTime(),
    clearSince: row.clearSince?.getTime() ?? null,
    value: row.value,
    summary: row.summary,
    subjects: readSubjects(row.detail),
    lastNotifiedAt: row.lastNotifiedAt?.getTime() ?? null,
    acknowledgedAt: row.acknowledgedAt?.getTime() ?? null,
    acknowledgedBy: row.acknowledgedBy,
    evaluatedAt: row.evaluatedAt.getTime(),
  };
}

function readSubjects(detail: Prisma.JsonValue): Subject[] {
  if (!Array.isArray(detail)) return [];
  return detail.flatMap((item) =>
    item !== null && typeof item === "object" && !Array.isArray(item) && typeof item.name === "string" && typeof item.value === "string" ? [{ name: item.name, value: item.value }] : [],
  );
}

export async function listAlertStates(db: Db = defaultDb()): Promise<Map<string, StoredAlertState>> {
  const rows = await db.alertState.findMany();
  return new Map(rows.map((row) => [row.ruleId, toState(row)]));
}

export async function findAlertState(ruleId: string, db: Db = defaultDb()): Promise<StoredAlertState | null> {
  const row = await db.alertState.findUnique({ where: { ruleId } });
  return row ? toState(row) : null;
}

/** The states the bell shows: firing ones (pending too, so the page can say "about to fire"). */
export async function listActiveAlertStates(db: Db = defaultDb()): Promise<StoredAlertState[]> {
  const rows = await db.alertState.findMany({ where: { phase: { in: ["firing", "pending"] } }, orderBy: { phaseSince: "asc" } });
  return rows.map(toState);
}

export type AlertStateWrite = Omit<StoredAlertState, "acknowledgedAt" | "acknowledgedBy">;

/**
 * Writes a tick's states in one statement (unnest arrays: one round trip however many rules).
 * An acknowledgement belongs to one firing: it is kept while the alert stays firing and
 * dropped as soon as it is not, so the next firing starts unacknowledged. Rows of rules
 * deleted meanwhile are skipped.
 */
export async function saveAlertStates(states: readonly AlertStateWrite[], db: Db = defaultDb()): Promise<void> {
  if (states.length === 0) return;
  const seconds = (value: number | null) => (value === null ? null : value / 1000);
  await db.$executeRawUnsafe(
    `INSERT INTO alert_states (rule_id, phase, phase_since, clear_since, value, summary, detail, last_notified_at, evaluated_at)
     SELECT r.rule_id, r.phase, to_timestamp(r.phase_since), to_timestamp(r.clear_since), r.value, r.summary, r.detail, to_timestamp(r.last_notified_at), to_timestamp(r.evaluated_at)
     FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::text[], $7::jsonb[], $8::float8[], $9::float8[])
       AS r(rule_id, phase, phase_since, clear_since, value, summary, detail, last_notified_at, evaluated_at)
     WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = r.rule_id)
     ON CONFLICT (rule_id) DO UPDATE SET
       phase = EXCLUDED.phase, phase_since = EXCLUDED.phase_since, clear_since = EXCLUDED.clear_since, value = EXCLUDED.value,
       summary = EXCLUDED.summary, detail = EXCLUDED.detail, last_notified_at = EXCLUDED.last_notified_at, evaluated_at = EXCLUDED.evaluated_at,
       acknowledged_at = CASE WHEN EXCLUDED.phase = 'firing' AND alert_states.phase = 'firing' THEN alert_states.acknowledged_at END,
       acknowledged_by = CASE WHEN EXCLUDED.phase = 'firing' AND alert_states.phase = 'firing' THEN alert_states.acknowledged_by END`,
    states.map((state) => state.ruleId),
    states.map((state) => state.phase),
    states.map((state) => seconds(state.phaseSince)),
    states.map((state) => seconds(state.clearSince)),
    states.map((state) => state.value),
    states.map((state) => state.summary),
    states.map((state) => JSON.stringify(state.subjects)),
    states.map((state) => seconds(state.lastNotifiedAt)),
    states.map((state) => seconds(state.evaluatedAt)),
  );
}

/** Acknowledges a firing alert; false when it is not firing (or already acknowledged). */
export async function acknowledgeAlertState(ruleId: string, actor: string, at: Date, db: Db = defaultDb()): Promise<boolean> {
  const result = await db.alertState.updateMany({ where: { ruleId, phase: "firing", acknowledgedAt: null }, data: { acknowledgedAt: at, acknowledgedBy: actor } });
  return result.count > 0;
}
