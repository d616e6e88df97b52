import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { issueApiToken } from "@/lib/auth/api-tokens";
import { hashPassword } from "@/lib/auth/passwords";
import { recordAudit } from "@/lib/repositories/audit-log";
import { listApiTokens, revokeApiToken, type ApiTokenRecord } from "@/lib/repositories/api-tokens";
import { countAdmins, createUser, deleteUser, findUserById, findUserByUsername, listUsers, updateUser, type UserRecord } from "@/lib/repositories/users";
import type { createTokenInput, createUserInput, setDisabledInput, setPasswordInput, setRoleInput, tokenIdInput, userIdInput } from "@/lib/schemas/users";
import { assertCanAct } from "./authorize";
import { HttpError } from "@/lib/http/errors";

/**
 * Managing who may sign in: stored users and API tokens. Admin only, every change audited.
 * An admin cannot remove, disable or demote the last admin: Bloom would be left with nobody
 * who can manage it.
 */
export type UserView = Omit<UserRecord, "passwordHash"> & { hasPassword: boolean };

function view(user: UserRecord): UserView {
  const { passwordHash, ...rest } = user;
  return { ...rest, hasPassword: passwordHash !== null };
}

export async function listAccessUsers(actor: Actor): Promise<UserView[]> {
  await assertCanAct(actor, "user.list");
  return (await listUsers()).map(view);
}

export async function addUser(actor: Actor, input: z.output<typeof createUserInput>): Promise<UserView> {
  await assertCanAct(actor, "user.create", input.username);
  if (await findUserByUsername(input.username)) throw new HttpError(409, "conflict", `user "${input.username}" already exists`);
  const user = await createUser({ username: input.username, email: input.email ?? null, passwordHash: await hashPassword(input.password), role: input.role, authSource: "password" });
  await recordAudit({ actor: actor.name, action: "user.create", target: user.username, outcome: "ok", arguments: { role: user.role } });
  return view(user);
}

export async function changeRole(actor: Actor, input: z.output<typeof setRoleInput>): Promise<UserView> {
  const user = await existingUser(input.userId);
  await assertCanAct(actor, "user.role", user.username);
  if (user.role === "admin" && input.role !== "admin") await assertNotLastAdmin(user);
  const updated = await updateUser(user.id, { role: input.role });
  await recordAudit({ actor: actor.name, action: "user.role", target: user.username, outcome: "ok", arguments: { from: user.role, to: input.role } });
  return view(updated);
}

export async function setUserDisabled(actor: Actor, input: z.output<typeof setDisabledInput>): Promise<UserView> {
  const user = await existingUser(input.userId);
  await assertCanAct(actor, input.disabled ? "user.disable" : "user.enable", user.username);
  if (input.disabled && user.role === "admin") await assertNotLastAdmin(user);
  const updated = await updateUser(user.id, { disabled: input.disabled });
  await recordAudit({ actor: actor.name, action: input.disabled ? "user.disable" : "user.enable", target: user.username, outcome: "ok" });
  return view(updated);
}

export async function setUserPassword(actor: Actor, input: z.output<typeof setPasswordInput>): Promise<UserView> {
  const user = await existingUser(input.userId);
  await assertCanAct(actor, "user.password", user.username);
  const updated = await updateUser(user.id, { passwordHash: await hashPassword(input.password) });
  await recordAudit({ actor: actor.name, action: "user.password", target: user.username, outcome: "ok" });
  return view(updated);
}

export async function removeUser(actor: Actor, input: z.output<typeof userIdInput>): Promise<void> {
  const user = await existingUser(input.userId);
  await assertCanAct(actor, "user.remove", user.username);
  if (user.role === "admin") await assertNotLastAdmin(user);
  await deleteUser(user.id);
  await recordAudit({ actor: actor.name, action: "user.remove", target: user.username, outcome: "ok" });
}

export async function listTokens(actor: Actor): Promise<ApiTokenRecord[]> {
  await assertCanAct(actor, "token.list");
  return listApiTokens();
}

/** The token is in the result once and never again: only its hash is stored. */
export async function createToken(actor: Actor, input: z.output<typeof createTokenInput>): Promise<{ id: string; token: string }> {
  await assertCanAct(actor, "token.create", input.name);
  const created = await issueApiToken({ name: input.name, scope: input.scope, createdById: actor.userId ?? null });
  await recordAudit({ actor: actor.name, action: "token.create", target: input.name, outcome: "ok", arguments: { scope: input.scope } });
  return created;
}

export async function revokeToken(actor: Actor, input: z.output<typeof tokenIdInput>): Promise<void> {
  await assertCanAct(actor, "token.revoke", input.tokenId);
  const revoked = await revokeApiToken(input.tokenId, new Date());
  if (!revoked) throw new HttpError(404, "not_found", "no live token with that id");
  await recordAudit({ actor: actor.name, action: "token.revoke", target: input.tokenId, outcome: "ok" });
}

async function existingUser(id: string): Promise<UserRecord> {
  const user = await findUserById(id);
  if (!user) throw new HttpError(404, "not_found", "no such user");
  return user;
}

async function assertNotLastAdmin(user: UserRecord): Promise<void> {
  if (!user.disabled && (await countAdmins()) <= 1) {
    throw new HttpError(409, "last_admin", `"${user.username}" is the last admin; make someone else admin first`);
  }
}
