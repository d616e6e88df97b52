import { defaultDb, type Db } from "./db";

export type TokenScope = "read" | "admin";

export type ApiTokenRecord = {
  id: string;
  name: string;
  scope: TokenScope;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export async function insertApiToken(
  input: { name: string; tokenHash: string; scope: TokenScope; createdById: string | null },
  db: Db = defaultDb(),
): Promise<string> {
  const row = await db.apiToken.create({ data: input, select: { id: true } });
  return row.id;
}

/** The live token with this hash, or null (unknown or revoked). */
export async function findActiveTokenByHash(
  tokenHash: string,
  db: Db = defaultDb(),
): Promise<{ id: string; name: string; scope: TokenScope; lastUsedAt: Date | null } | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash }, select: { id: true, name: true, scope: true, lastUsedAt: true, revokedAt: true } });
  if (!row || row.revokedAt) return null;
  return { id: row.id, name: row.name, scope: row.scope === "admin" ? "admin" : "read", lastUsedAt: row.lastUsedAt };
}

export async function touchApiToken(id: string, at: Date, db: Db = defaultDb()): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}

export async function revokeApiToken(id: string, at: Date, db: Db = defaultDb()): Promise<boolean> {
  const result = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  return result.count === 1;
}

export async function listApiTokens(db: Db = defaultDb()): Promise<ApiTokenRecord[]> {
  const rows = await db.apiToken.findMany({ orderBy: { createdAt: "desc" }, include: { createdBy: { select: { username: true } } } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scope: row.scope === "admin" ? "admin" : "read",
    createdBy: row.createdBy?.username ?? null,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  }));
}
