/**
 * The URL prefix Bloom is served under (BLOOM_URL_PREFIX, Flower's --url_prefix): "" or
 * "/flower". It is Next's `basePath`, fixed when the app is built: next.config.mjs inlines
 * BLOOM_BASE_PATH into both bundles, so server and browser code agree with the build they
 * run in. Next adds it by itself to <Link>, router pushes, `redirect()` and its assets;
 * everything else (fetch, EventSource, plain <a>, NextAuth's URLs) goes through here.
 */
export const BASE_PATH: string = process.env.BLOOM_BASE_PATH ?? "";

/** "/api/stream" → "/flower/api/stream". `path` is an app path: it starts with "/". */
export function withBasePath(path: string, basePath: string = BASE_PATH): string {
  return `${basePath}${path}`;
}

/** "/flower/tasks" → "/tasks"; a path outside the prefix is returned unchanged. */
export function stripBasePath(path: string, basePath: string = BASE_PATH): string {
  if (basePath === "") return path;
  if (path === basePath) return "/";
  if (path.startsWith(`${basePath}/`) || path.startsWith(`${basePath}?`)) {
    const rest = path.slice(basePath.length);
    return rest.startsWith("?") ? `/${rest}` : rest;
  }
  return path;
}
