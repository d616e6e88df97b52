/** Only same-site paths are followed after sign-in: `//evil.example` and absolute URLs become "/". */
export function safeCallbackPath(value: string | undefined): string {
  if (!value) return "/";
  let path = value;
  try {
    // NextAuth hands back absolute URLs of our own origin; keep their path.
    if (/^https?:\/\//i.test(value)) {
      const url = new URL(value);
      path = `${url.pathname}${url.search}`;
    }
  } catch {
    return "/";
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || path.startsWith("/login")) return "/";
  return path;
}
