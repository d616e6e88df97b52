import path from "node:path";
import type { OidcAccount } from "../rig/oidc";

/**
 * Who exists in the e2e Bloom (e2e/global-setup.ts configures it). The viewer's password
 * has the characters people trip over in BLOOM_BASIC_AUTH: ":" (fine after the first),
 * "," (written %2C) and unicode.
 */
export const E2E_USERS = [
  { username: "admin", password: "admin-e2e-pass", passwordInConfig: "admin-e2e-pass", role: "admin" },
  { username: "viewer", password: "v:ew,er-pässwörd", passwordInConfig: "v:ew%2Cer-pässwörd", role: "viewer" },
  { username: "locky", password: "locky-e2e-pass", passwordInConfig: "locky-e2e-pass", role: "viewer" },
] as const;

export const OIDC_ACCOUNTS: Record<string, OidcAccount> = {
  "alice@admins.example.com": { email: "alice@admins.example.com", emailVerified: true, name: "Alice" },
  "bob@example.com": { email: "bob@example.com", emailVerified: true, name: "Bob" },
  "mallory@elsewhere.org": { email: "mallory@elsewhere.org", emailVerified: true },
  "unverified@example.com": { email: "unverified@example.com", emailVerified: false },
};

export const STORAGE_STATE = path.resolve(import.meta.dirname, "../.auth/admin.json");
