import { channelConfig, type ChannelConfig } from "@/lib/alerts/channels";
import type { Prisma } from "@/lib/generated/prisma/client";
import { defaultDb, type Db } from "./db";

/** A channel with its full settings, secrets included: never sent to a browser (see channelView). */
export type StoredChannel = { id: string; name: string; enabled: boolean; config: ChannelConfig };

type Row = { id: string; name: string; enabled: boolean; config: Prisma.JsonValue };

/** Stored JSON is validated when read; a row that does not parse is skipped by lists and refused by sends. */
function toStored(row: Row): StoredChannel | null {
  const parsed = channelConfig.safeParse(row.config);
  return parsed.success ? { id: row.id, name: row.name, enabled: row.enabled, config: parsed.data } : null;
}

export async function listAlertChannels(db: Db = defaultDb()): Promise<StoredChannel[]> {
  const rows = await db.alertChannel.findMany({ orderBy: { name: "asc" } });
  return rows.map(toStored).filter((channel): channel is StoredChannel => channel !== null);
}

export async function findAlertChannel(id: string, db: Db = defaultDb()): Promise<StoredChannel | null> {
  const row = await db.alertChannel.findUnique({ where: { id } });
  return row ? toStored(row) : null;
}

export async function findAlertChannels(ids: readonly string[], db: Db = defaultDb()): Promise<StoredChannel[]> {
  if (ids.length === 0) return [];
  const rows = await db.alertChannel.findMany({ where: { id: { in: [...ids] } } });
  return rows.map(toStored).filter((channel): channel is StoredChannel => channel !== null);
}

export async function createAlertChannel(channel: Omit<StoredChannel, "id">, db: Db = defaultDb()): Promise<StoredChannel> {
  const row = await db.alertChannel.create({ data: { name: channel.name, enabled: channel.enabled, type: channel.config.type, config: channel.config } });
  return { id: row.id, name: row.name, enabled: row.enabled, config: channel.config };
}

export async function updateAlertChannel(channel: StoredChannel, db: Db = defaultDb()): Promise<StoredChannel> {
  await db.alertChannel.update({ where: { id: channel.id }, data: { name: channel.name, enabled: channel.enabled, type: channel.config.type, config: channel.config } });
  return channel;
}

export async function deleteAlertChannel(id: string, db: Db = defaultDb()): Promise<void> {
  await db.alertChannel.delete({ where: { id } });
}
