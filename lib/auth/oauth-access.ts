import type { EmailRule } from "./email-rules";

/** Why an OAuth sign-in was refused; the login page explains each. */
export type OAuthDenial = "email_missing" | "email_unverified" | "email_not_allowed" | "group_required";

export type OAuthIdentity = {
  /** every address the provider vouches for, with its verification flag */
  emails: readonly { address: string; verified: boolean }[];
  /** GitHub organisations / GitLab groups of the user; undefined when not looked up */
  groups?: readonly string[];
};

/**
 * Flower's rule: only a verified address that the `--auth` rule allows gets in (GitHub
 * users often have several addresses; the first allowed, verified one is used). Group
 * membership is an extra rule on top when configured.
 */
export function decideOAuthAccess(
  identity: OAuthIdentity,
  rule: EmailRule,
  requiredGroups: readonly string[],
): { ok: true; email: string } | { ok: false; reason: OAuthDenial } {
  if (identity.emails.length === 0) return { ok: false, reason: "email_missing" };
  const verified = identity.emails.filter((email) => email.verified);
  if (verified.length === 0) return { ok: false, reason: "email_unverified" };
  const allowed = verified.find((email) => rule.allows(email.address));
  if (!allowed) return { ok: false, reason: "email_not_allowed" };
  if (requiredGroups.length > 0) {
    const wanted = new Set(requiredGroups.map((group) => group.toLowerCase()));
    if (!(identity.groups ?? []).some((group) => wanted.has(group.toLowerCase()))) return { ok: false, reason: "group_required" };
  }
  return { ok: true, email: allowed.address.toLowerCase() };
}

/** OIDC and Google: `email_verified` may be a boolean or, from some issuers, the string "true". */
export function claimIsTrue(value: unknown): boolean {
  return value === true || value === "true";
}
