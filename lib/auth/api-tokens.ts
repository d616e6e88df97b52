import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "./actor";
import { findActiveTokenByHash, insertApiToken, touchApiToken, type TokenScope } from "@/lib/repositories/api-tokens";

/**
 * API tokens for scripts and Prometheus: `bloom_` + 32 random bytes (base64url). Only the
 * SHA-256 is stored — tokens are long random secrets, so a slow hash adds nothing — and the
 * token itself is shown once at creation. Scope "read" acts as a viewer, "admin" as an admin.
 */
const PREFIX = "bloom_";
/** last_used_at is written at most this often per token, not on every scrape */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function bearerTokenOf(authorization: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

export async function issueApiToken(input: { name: string; scope: TokenScope; createdById: string | null }): Promise<{ id: string; token: string }> {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const id = await insertApiToken({ name: input.name, scope: input.scope, createdById: input.createdById, tokenHash: hashToken(token) });
  return { id, token };
}

export async function authenticateApiToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const found = await findActiveTokenByHash(hashToken(token));
  if (!found) return null;
  const now = new Date();
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) await touchApiToken(found.id, now);
  return { kind: "token", name: `token:${found.name}`, role: found.scope === "admin" ? "admin" : "viewer", tokenId: found.id };
}
