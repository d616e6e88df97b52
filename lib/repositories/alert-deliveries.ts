import { alertMessage, type AlertMessage, type MessageKind } from "@/lib/alerts/message";
import type { ChannelType } from "@/lib/alerts/channels";
import type { Prisma } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

export type DeliveryStatus = "pending" | "sent" | "failed";

export type NewDelivery = {
  channelId: string;
  channelName: string;
  channelType: ChannelType;
  ruleId: string | null;
  kind: MessageKind;
  message: AlertMessage;
  status: DeliveryStatus;
  attempts?: number;
  nextAttemptAt?: Date | null;
  lastError?: string | null;
  responseStatus?: number | null;
  sentAt?: Date | null;
};

/** The outbox rows of a tick, written in the tick's transaction so a state change and its notifications commit together. */
export async function enqueueDeliveries(deliveries: readonly NewDelivery[], db: Db = defaultDb()): Promise<void> {
  if (deliveries.length === 0) return;
  await db.alertDelivery.createMany({
    data: deliveries.map((delivery) => ({
      channelId: delivery.channelId,
      channelName: delivery.channelName,
      channelType: delivery.channelType,
      ruleId: delivery.ruleId,
      kind: delivery.kind,
      message: delivery.message as unknown as Prisma.InputJsonValue,
      status: delivery.status,
      attempts: delivery.attempts ?? 0,
      nextAttemptAt: delivery.nextAttemptAt ?? null,
      lastError: delivery.lastError ?? null,
      responseStatus: delivery.responseStatus ?? null,
      sentAt: delivery.sentAt ?? null,
    })),
  });
}

export type DueDelivery = { id: bigint; channelId: string | null; attempts: number; message: AlertMessage | null };

/** Pending deliveries whose time has come, oldest first (alert_deliveries_due_idx). */
export async function listDueDeliveries(now: Date, limit: number, db: Db = defaultDb()): Promise<DueDelivery[]> {
  const rows = await db.alertDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, channelId: true, attempts: true, message: true },
  });
  return rows.map((row) => {
    const parsed = alertMessage.safeParse(row.message);
    return { id: row.id, channelId: row.channelId, attempts: row.attempts, message: parsed.success ? parsed.data : null };
  });
}

export type AttemptOutcome = {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  responseStatus: number | null;
  sentAt: Date | null;
};

export async function recordDeliveryAttempt(id: bigint, outcome: AttemptOutcome, db: Db = defaultDb()): Promise<void> {
  await db.alertDelivery.update({ where: { id }, data: outcome });
}

export type DeliveryLogRow = {
  id: string;
  createdAt: number;
  channelId: string | null;
  channelName: string;
  channelType: string;
  ruleId: string | null;
  ruleName: string | null;
  kind: string;
  status: string;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  responseStatus: number | null;
  sentAt: number | null;
};

/** Newest first. */
export async function listDeliveryLog(options: { limit: number; ruleId?: string; channelId?: string }, db: Db = defaultDb()): Promise<DeliveryLogRow[]> {
  const rows = await db.alertDelivery.findMany({
    where: { ...(options.ruleId ? { ruleId: options.ruleId } : {}), ...(options.channelId ? { channelId: options.channelId } : {}) },
    orderBy: { id: "desc" },
    take: options.limit,
  });
  return rows.map((row) => {
    const message = alertMessage.safeParse(row.message);
    return {
      id: row.id.toString(),
      createdAt: row.createdAt.getTime(),
      channelId: row.channelId,
      channelName: row.channelName,
      channelType: row.channelType,
      ruleId: row.ruleId,
      ruleName: message.success ? message.data.ruleName : null,
      kind: row.kind,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt?.getTime() ?? null,
      lastError: row.lastError,
      responseStatus: row.responseStatus,
      sentAt: row.sentAt?.getTime() ?? null,
    };
  });
}
