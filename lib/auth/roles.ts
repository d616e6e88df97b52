import type { Role } from "./actor";
import type { AuthSettings } from "./auth-settings";

/**
 * Role rules (README "Roles"):
 * - BLOOM_ADMINS (a regex matched against the whole username or email) makes an identity an
 *   admin wherever it comes from; when it is set, configured users it does not match are viewers.
 * - Without BLOOM_ADMINS, users from BLOOM_BASIC_AUTH are admins, as in Flower where every
 *   signed-in user may act; FLOWER_ADMIN_USERNAME and the development seed are always admins.
 * - Stored users (console, `bloom users`, OAuth) keep the role an admin gave them; the first
 *   OAuth user becomes admin only when no admin exists and BLOOM_ADMINS is unset, so a fresh
 *   deployment is never left without someone who can manage roles.
 */
export function roleOfConfiguredUser(username: string, settings: AuthSettings): Role {
  if (username === settings.configuredAdmin) return "admin";
  if (settings.developmentSeed) return "admin";
  if (settings.adminRule) return settings.adminRule.test(username) ? "admin" : "viewer";
  return "admin";
}

export function roleOfStoredUser(stored: Role, identities: readonly (string | null)[], settings: AuthSettings): Role {
  if (settings.adminRule && identities.some((identity) => identity !== null && settings.adminRule?.test(identity))) return "admin";
  return stored;
}

export function roleOfNewOAuthUser(email: string, adminsExist: boolean, settings: AuthSettings): Role {
  if (settings.adminRule) return settings.adminRule.test(email) ? "admin" : "viewer";
  return adminsExist ? "viewer" : "admin";
}
