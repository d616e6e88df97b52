import { defaultDb, type Db } from "./db";

export const ALERT_HISTORY_KINDS = ["fired", "resolved", "acknowledged", "silenced", "unsilenced"] as const;
export type AlertHistoryKind = (typeof ALERT_HISTORY_KINDS)[number];

export type AlertHistoryEntry = {
  ruleId: string;
  ruleName: string;
  severity: string;
  kind: AlertHistoryKind;
  /** null for the evaluator */
  actor: string | null;
  value: number | null;
  message: string;
  at: Date;
};

export type AlertHistoryRow = Omit<AlertHistoryEntry, "at" | "kind"> & { id: string; kind: string; at: number };

export async function recordAlertHistory(entries: readonly AlertHistoryEntry[], db: Db = defaultDb()): Promise<void> {
  if (entries.length === 0) return;
  await db.alertHistory.createMany({ data: entries.map((entry) => ({ ...entry })) });
}

/** Newest first; `before` is the id to page below. */
export async function listAlertHistory(options: { limit: number; ruleId?: string; before?: bigint }, db: Db = defaultDb()): Promise<AlertHistoryRow[]> {
  const rows = await db.alertHistory.findMany({
    where: { ...(options.ruleId ? { ruleId: options.ruleId } : {}), ...(options.before !== undefined ? { id: { lt: options.before } } : {}) },
    orderBy: { id: "desc" },
    take: options.limit,
  });
  return rows.map((row) => ({ ...row, id: row.id.toString(), at: row.at.getTime() }));
}
