import { NextResponse, type NextRequest } from "next/server";

/**
 * A fast first gate for pages: no session cookie at all → /login, remembering the page.
 * It only looks for the cookie; the console layout verifies the session and role, and
 * every API route and server action authenticates on its own (lib/http/with-api.ts,
 * lib/actions/define-action.ts), so nothing relies on this file for security.
 */
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token", "__Secure-next-auth.session-token.0", "next-auth.session-token.0"];

export function proxy(request: NextRequest): NextResponse {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const login = request.nextUrl.clone();
  login.pathname = "/login";
  login.search = "";
  login.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: API routes answer 401 JSON themselves; assets and the login page stay open.
  matcher: ["/((?!api/|_next/|login|healthcheck|metrics|favicon\\.ico|.*\\.(?:png|svg|ico|css|js|woff2?)$).*)"],
};
