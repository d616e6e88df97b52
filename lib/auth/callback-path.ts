import { BASE_PATH, stripBasePath } from "@/lib/http/base-path";

/**
 * Where to go after sign-in, as an app path (without the URL prefix; `redirect()` and the
 * sign-in form add it back). The login page receives browser paths: proxy.ts sends
 * `/flower/tasks`, NextAuth hands back absolute URLs of our own origin. Only same-site paths
 * are followed: `//evil.example` and other origins' URLs become "/".
 */
export function safeCallbackPath(value: string | undefined, basePath: string = BASE_PATH): string {
  if (!value) return "/";
  let path = value;
  try {
    if (/^https?:\/\//i.test(value)) {
      const url = new URL(value);
      path = `${url.pathname}${url.search}`;
    }
  } catch {
    return "/";
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  const appPath = stripBasePath(path, basePath);
  if (!appPath.startsWith("/") || appPath.startsWith("//") || appPath.startsWith("/\\") || appPath.startsWith("/login")) return "/";
  return appPath;
}
