import type { Role } from "@/lib/auth/actor";
import { defaultDb, type Db } from "./db";

export type UserRecord = {
  id: string;
  username: string;
  email: string | null;
  name: string | null;
  passwordHash: string | null;
  role: Role;
  disabled: boolean;
  authSource: string;
  lastSignInAt: Date | null;
  createdAt: Date;
};

type Row = Omit<UserRecord, "role"> & { role: string };

function toRecord(row: Row): UserRecord {
  return { ...row, role: row.role === "admin" ? "admin" : "viewer" };
}

const columns = {
  id: true,
  username: true,
  email: true,
  name: true,
  passwordHash: true,
  role: true,
  disabled: true,
  authSource: true,
  lastSignInAt: true,
  createdAt: true,
} as const;

export async function findUserByUsername(username: string, db: Db = defaultDb()): Promise<UserRecord | null> {
  const row = await db.user.findUnique({ where: { username }, select: columns });
  return row ? toRecord(row) : null;
}

export async function findUserById(id: string, db: Db = defaultDb()): Promise<UserRecord | null> {
  const row = await db.user.findUnique({ where: { id }, select: columns });
  return row ? toRecord(row) : null;
}

export async function listUsers(db: Db = defaultDb()): Promise<UserRecord[]> {
  const rows = await db.user.findMany({ select: columns, orderBy: { username: "asc" } });
  return rows.map(toRecord);
}

export async function countUsers(db: Db = defaultDb()): Promise<number> {
  return db.user.count({ where: { disabled: false } });
}

export async function countAdmins(db: Db = defaultDb()): Promise<number> {
  return db.user.count({ where: { role: "admin", disabled: false } });
}

export async function createUser(
  input: { username: string; email?: string | null; name?: string | null; passwordHash?: string | null; role: Role; authSource: string },
  db: Db = defaultDb(),
): Promise<UserRecord> {
  const row = await db.user.create({
    data: {
      username: input.username,
      email: input.email ?? null,
      name: input.name ?? null,
      passwordHash: input.passwordHash ?? null,
      role: input.role,
      authSource: input.authSource,
    },
    select: columns,
  });
  return toRecord(row);
}

export async function updateUser(
  id: string,
  changes: { passwordHash?: string; role?: Role; disabled?: boolean; name?: string | null; email?: string | null },
  db: Db = defaultDb(),
): Promise<UserRecord> {
  const row = await db.user.update({ where: { id }, data: changes, select: columns });
  return toRecord(row);
}

export async function markSignedIn(id: string, db: Db = defaultDb()): Promise<void> {
  await db.user.update({ where: { id }, data: { lastSignInAt: new Date() } });
}

export async function deleteUser(id: string, db: Db = defaultDb()): Promise<void> {
  await db.user.delete({ where: { id } });
}

/** Stored users who can sign in with a password (the login page shows the form when there are any). */
export async function countPasswordUsers(db: Db = defaultDb()): Promise<number> {
  return db.user.count({ where: { disabled: false, passwordHash: { not: null } } });
}
