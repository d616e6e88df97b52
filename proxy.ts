import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, NONCE_HEADER } from "@/lib/http/content-security-policy";

/**
 * Runs before every page (URL prefix excluded from the paths below: Next matches inside
 * basePath). Two jobs:
 * - the Content-Security-Policy with a fresh nonce, on the response and on the request,
 *   where Next finds the nonce for its scripts and the root layout for its own;
 * - a fast first gate: no session cookie at all → /login, remembering the page. It only
 *   looks for the cookie; the console layout verifies the session and role, and every API
 *   route and server action authenticates on its own (lib/http/with-api.ts,
 *   lib/actions/define-action.ts), so nothing relies on this file for security.
 */
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token", "__Secure-next-auth.session-token.0", "next-auth.session-token.0"];
const OPEN_PAGES = /^\/login(\/|$)/;

export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  let response: NextResponse;
  if (signedIn || OPEN_PAGES.test(request.nextUrl.pathname)) {
    const headers = new Headers(request.headers);
    headers.set(NONCE_HEADER, nonce);
    headers.set("Content-Security-Policy", policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    const login = request.nextUrl.clone();
    login.pathname = "/login";
    login.search = "";
    // A browser path (prefix included), like the absolute URLs NextAuth sends back.
    login.searchParams.set("callbackUrl", `${request.nextUrl.basePath}${request.nextUrl.pathname}${request.nextUrl.search}`);
    response = NextResponse.redirect(login);
  }
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: API routes answer 401 JSON themselves and carry no scripts; nor do assets.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|healthcheck|metrics|favicon\\.ico|.*\\.(?:png|svg|ico|css|js|woff2?)$).*)",
      // Link prefetches render nothing; the navigation that follows gets its policy.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
