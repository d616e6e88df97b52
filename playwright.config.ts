import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against a real Bloom
 * started by e2e/global-setup.ts through the start command, with real Redis and Celery.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  outputDir: "test-results",
  use: {
    baseURL: process.env.BLOOM_E2E_BASE_URL,
    // Signed in as the e2e admin (e2e/global-setup.ts); auth specs start from empty contexts.
    storageState: "e2e/.auth/admin.json",
    ignoreHTTPSErrors: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
    },
  },
  projects: [
    // Every console spec, on Redis, against the stack of e2e/global-setup.ts.
    { name: "redis", testIgnore: [/[\\/]rabbitmq[\\/]/, /[\\/]proxy[\\/]/] },
    // A light second pass on RabbitMQ; its stack is the spec's worker fixture (e2e/rabbitmq/stack.ts).
    { name: "rabbitmq", testMatch: /[\\/]rabbitmq[\\/].*\.spec\.ts$/ },
    // Through nginx with TLS, at /flower, with two web replicas (e2e/proxy/stack.ts). Its
    // stack starts with its first spec and reuses the redis project's database and worker.
    { name: "proxy", testMatch: "proxy/**/*.spec.ts" },
  ],
});
