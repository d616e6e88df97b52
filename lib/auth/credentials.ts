import type { Actor } from "./actor";
import { getAuthSettings, DEVELOPMENT_SEED_USER, type AuthSettings } from "./auth-settings";
import { passwordsEqual, type ConfiguredUser } from "./basic-users";
import { burnPasswordCheck, verifyPassword } from "./passwords";
import { roleOfConfiguredUser, roleOfStoredUser } from "./roles";
import { recordAudit } from "@/lib/repositories/audit-log";
import { clearLoginFailures, lockStateOf, recordLoginFailure } from "@/lib/repositories/login-attempts";
import { findUserByUsername, markSignedIn } from "@/lib/repositories/users";

export type PasswordSource = "form" | "basic";

/** An address is locked after this many times an account's limit of failures. */
export const IP_FAILURE_FACTOR = 4;

export type PasswordResult =
  | { ok: true; actor: Actor }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; until: Date };

/**
 * Checks a user name and password against the configured users (BLOOM_BASIC_AUTH,
 * FLOWER_ADMIN_*, the development seed) and then the stored ones (bcrypt), with lockout per
 * account and per client address. Failed attempts and lockouts are audited; successful
 * HTTP Basic calls are not (every API call would be a row), sign-ins through the form are.
 */
export async function authenticatePassword(
  username: string,
  password: string,
  context: { source: PasswordSource; ip: string | undefined },
  settings: AuthSettings = getAuthSettings(),
): Promise<PasswordResult> {
  const now = new Date();
  const keys = [`user:${username.toLowerCase()}`, ...(context.ip ? [`ip:${context.ip}`] : [])];
  for (const key of keys) {
    const lock = await lockStateOf(key, now);
    if (lock.locked) {
      await audit(username, "denied", { source: context.source, reason: "locked", ip: context.ip ?? null });
      return { ok: false, reason: "locked", until: lock.until };
    }
  }
  const actor = await checkPassword(username, password, settings);
  if (actor) {
    await clearLoginFailures(keys[0] as string);
    if (context.source === "form") {
      if (actor.userId) await markSignedIn(actor.userId);
      await audit(username, "ok", { source: context.source, ip: context.ip ?? null });
    }
    return { ok: true, actor };
  }
  let lockedUntil: Date | undefined;
  for (const key of keys) {
    // One address may serve many people (an office behind NAT, the proxy itself when no
    // proxy is trusted), so it gets more attempts than one account before it is locked.
    const maxFailures = key.startsWith("ip:") ? settings.login.maxFailures * IP_FAILURE_FACTOR : settings.login.maxFailures;
    const state = await recordLoginFailure(key, { now, windowSeconds: settings.login.windowSeconds, lockoutSeconds: settings.login.lockoutSeconds, maxFailures });
    if (state.locked) lockedUntil = state.until;
  }
  await audit(username, "denied", { source: context.source, reason: lockedUntil ? "locked" : "invalid", ip: context.ip ?? null });
  return lockedUntil ? { ok: false, reason: "locked", until: lockedUntil } : { ok: false, reason: "invalid" };
}

async function checkPassword(username: string, password: string, settings: AuthSettings): Promise<Actor | undefined> {
  const configured: ConfiguredUser[] = settings.developmentSeed ? [...settings.configuredUsers, DEVELOPMENT_SEED_USER] : settings.configuredUsers;
  const match = configured.find((user) => user.username === username);
  if (match) {
    if (!passwordsEqual(password, match.password)) return undefined;
    return { kind: "session", name: username, role: roleOfConfiguredUser(username, settings) };
  }
  const stored = await findUserByUsername(username);
  if (!stored || stored.disabled || !stored.passwordHash) {
    await burnPasswordCheck(password);
    return undefined;
  }
  if (!(await verifyPassword(password, stored.passwordHash))) return undefined;
  return { kind: "session", name: stored.username, role: roleOfStoredUser(stored.role, [stored.username, stored.email], settings), userId: stored.id };
}

async function audit(username: string, outcome: "ok" | "denied", details: Record<string, string | null>): Promise<void> {
  await recordAudit({ actor: username, action: details.source === "basic" ? "auth.basic" : "auth.sign-in", outcome, arguments: details });
}
