import { test as base } from "@playwright/test";
import { startProxyStack, type ProxyStack } from "./stack";

/**
 * The proxy project's stack is a worker fixture: started when its first spec runs (never
 * for the console project) and kept for the worker's life. `at(path)` is the public URL
 * of an app path: a leading "/" in page.goto would drop the prefix from baseURL.
 */
export const test = base.extend<{ at: (path: string) => string }, { proxyStack: ProxyStack }>({
  proxyStack: [
    async ({}, provide) => {
      const stack = await startProxyStack();
      await provide(stack);
      await stack.stop();
    },
    // The first run builds the app for the prefix (a few minutes on a busy 2-core machine).
    { scope: "worker", timeout: 600_000 },
  ],
  // (`provide` rather than Playwright's usual `use`, which the React hooks lint rule mistakes for React's.)
  baseURL: async ({ proxyStack }, provide) => provide(`${proxyStack.baseUrl}/`),
  at: async ({ proxyStack }, provide) => provide((path: string) => `${proxyStack.baseUrl}${path === "/" ? "" : path}`),
});

export { expect } from "@playwright/test";
