/**
 * Bloom's security headers. The page policy allows scripts only with the per-request nonce
 * (proxy.ts makes one; Next stamps it on its own scripts and the root layout on the theme
 * boot script) and, through 'strict-dynamic', what those scripts load. Styles stay
 * 'unsafe-inline': React's style attributes (charts, widths) cannot carry a nonce, and CSS
 * cannot run code. Everything else is same-origin; nobody may frame the console.
 */
export const NONCE_HEADER = "x-nonce";

export function contentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // React's development build uses eval for its error overlays; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unguessable per response, as CSP3 asks of a nonce. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Headers for every response (pages, API, assets), set by the web server. HSTS only when
 * the console's public URL is https: over plain http it would be ignored at best, and
 * wrong for a trial on a laptop.
 */
export function staticSecurityHeaders(options: { https: boolean }): Record<string, string> {
  return {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}
