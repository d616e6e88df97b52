import { ForbiddenError, UnauthenticatedError, canAct, type Actor } from "@/lib/auth/actor";
import { resolveRequestActor } from "@/lib/auth/request-actor";
import { webLogger as logger } from "@/lib/log/web-logger";

export type RouteAccess = "public" | "viewer" | "admin";

/**
 * The first gate of every route: who is calling, and may they call this at all. Throws
 * UnauthenticatedError (401) or ForbiddenError (403); refusals are logged. Services still
 * check the role themselves, so a missed gate here cannot let a viewer act.
 *
 * Cookie-authenticated writes must come from Bloom's own pages: a cross-site form could
 * otherwise ride a signed-in admin's cookie (SameSite=Lax already stops most of these;
 * the Origin check covers old browsers and same-site subdomains).
 */
export async function authenticate(request: Request, access: RouteAccess): Promise<Actor | null> {
  const actor = await resolveRequestActor(request);
  if (access === "public") return actor;
  if (!actor) throw new UnauthenticatedError();
  if (actor.kind === "session" && !["GET", "HEAD", "OPTIONS"].includes(request.method) && !sameOrigin(request)) {
    logger().warn({ actor: actor.name, path: new URL(request.url).pathname, origin: request.headers.get("origin") }, "refused: cross-site request");
    throw new ForbiddenError("send cross-site requests", "Cross-site request refused: send it from Bloom's own pages or with an API token.");
  }
  if (access === "admin" && !canAct(actor)) {
    logger().warn({ actor: actor.name, path: new URL(request.url).pathname, method: request.method }, "refused: admin route");
    throw new ForbiddenError("call this endpoint", actor.role === "admin" ? "Bloom runs read-only (BLOOM_READ_ONLY): nothing may be changed." : "This needs the admin role.");
  }
  return actor;
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return request.headers.get("sec-fetch-site") !== "cross-site";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
