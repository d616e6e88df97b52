import type { Actor } from "./actor";
import { authenticateApiToken, bearerTokenOf } from "./api-tokens";
import { authenticatePassword } from "./credentials";
import { decodeBasicHeader } from "./basic-users";
import { getAuthSettings } from "./auth-settings";
import { clientIpFromHeaders } from "./client-ip";
import { sessionActorFromCookies, sessionActorFromRequest } from "./session";
import { stripBasePath } from "@/lib/http/base-path";

/**
 * The actor behind an API request, trying in turn: a Bearer API token, HTTP Basic (for
 * Flower-era scripts), the browser's NextAuth session. Invalid credentials are not an error
 * here; they resolve to null and the route answers 401. FLOWER_UNAUTHENTICATED_API makes an
 * anonymous caller a viewer-or-admin, as Flower does, and is logged loudly at start-up.
 */
export async function resolveRequestActor(request: Request): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  const token = bearerTokenOf(authorization);
  if (token) return authenticateApiToken(token);
  const basic = decodeBasicHeader(authorization);
  if (basic) {
    const result = await authenticatePassword(basic.username, basic.password, { source: "basic", ip: clientIp(request) });
    return result.ok ? { ...result.actor, kind: "basic" } : null;
  }
  const session = await sessionActorFromRequest(request);
  if (session) return session;
  const settings = getAuthSettings();
  if (settings.unauthenticatedApi && stripBasePath(new URL(request.url).pathname).startsWith("/api/")) {
    return { kind: "unauthenticated-api", name: "anonymous", role: "admin" };
  }
  return null;
}

/** The signed-in user of a server component or server action (cookies from next/headers). */
export async function resolveSessionActor(): Promise<Actor | null> {
  return sessionActorFromCookies();
}

/** The client's address as Bloom's web server established it (lib/http/forwarded-headers.ts). */
export function clientIp(request: Request): string | undefined {
  return clientIpFromHeaders((name) => request.headers.get(name));
}
