import { decode, type JWT } from "next-auth/jwt";
import type { Actor } from "./actor";
import { getAuthSettings, type AuthSettings } from "./auth-settings";
import { roleOfConfiguredUser, roleOfStoredUser } from "./roles";
import { findUserById } from "@/lib/repositories/users";

/**
 * The signed-in user behind a NextAuth session cookie. The JWT says who; what they may do is
 * looked up again on every request (a stored user's role and disabled flag, or whether a
 * configured user is still configured), so an admin's change or a removed user takes effect
 * on the next request instead of when the cookie expires.
 */
const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

export async function sessionActorFromRequest(request: Request): Promise<Actor | null> {
  return actorFromCookieHeader(request.headers.get("cookie"));
}

export async function sessionActorFromCookies(): Promise<Actor | null> {
  const { cookies } = await import("next/headers");
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((cookie) => `${cookie.name}=${encodeURIComponent(cookie.value)}`)
    .join("; ");
  return actorFromCookieHeader(header);
}

export async function actorFromCookieHeader(header: string | null, settings: AuthSettings = getAuthSettings()): Promise<Actor | null> {
  const token = sessionTokenFrom(parseCookies(header));
  if (!token || !settings.secret) return null;
  let claims: JWT | null;
  try {
    claims = await decode({ token, secret: settings.secret });
  } catch {
    return null;
  }
  if (!claims) return null;
  return actorFromClaims(claims, settings);
}

export async function actorFromClaims(claims: JWT, settings: AuthSettings): Promise<Actor | null> {
  const username = typeof claims.username === "string" ? claims.username : undefined;
  if (!username) return null;
  if (claims.src === "stored" && typeof claims.uid === "string") {
    const user = await findUserById(claims.uid);
    if (!user || user.disabled) return null;
    return { kind: "session", name: user.username, role: roleOfStoredUser(user.role, [user.username, user.email], settings), userId: user.id };
  }
  if (claims.src === "configured") {
    const stillConfigured = settings.configuredUsers.some((user) => user.username === username) || (settings.developmentSeed && username === "admin");
    if (!stillConfigured) return null;
    return { kind: "session", name: username, role: roleOfConfiguredUser(username, settings) };
  }
  return null;
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

/** NextAuth splits cookies over 4 kB into name.0, name.1, ...; ours are small, but both forms are read. */
function sessionTokenFrom(cookies: Map<string, string>): string | undefined {
  for (const name of COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let index = 0; cookies.has(`${name}.${index}`); index += 1) chunks.push(cookies.get(`${name}.${index}`) as string);
    if (chunks.length > 0) return chunks.join("");
  }
  return undefined;
}
