import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test as base, request } from "@playwright/test";
import { startBloom, stopProcess } from "../global-setup";
import { freePort, startCeleryWorker, startRabbit } from "../rig";
import { E2E_USERS } from "../support/e2e-users";

/**
 * The RabbitMQ pass's own stack: RabbitMQ (management plugin on), one Celery worker and a
 * second Bloom started by the start command with CELERY_BROKER_URL=amqp://… and
 * BLOOM_BROKER_API, its own embedded PostgreSQL. A worker-scoped fixture, so it starts once
 * for the project's worker and stops with it; baseURL and the admin session point at it.
 */
export type RabbitStack = {
  baseUrl: string;
  amqpUrl: string;
  worker: string;
  storageState: Awaited<ReturnType<Awaited<ReturnType<typeof request.newContext>>["storageState"]>>;
};

export const test = base.extend<object, { rabbitStack: RabbitStack }>({
  rabbitStack: [
    async ({}, provide) => {
      const rabbit = await startRabbit();
      const worker = await startCeleryWorker({ brokerUrl: rabbit.amqpUrl, hostname: "e2e-rabbit@bloomtest", concurrency: 2 });
      const port = await freePort();
      const pgPort = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bloom-e2e-rabbit-"));
      fs.chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as `postgres`
      const admin = E2E_USERS[0];
      const bloom = await startBloom(
        {
          CELERY_BROKER_URL: rabbit.amqpUrl,
          BLOOM_BROKER_API: rabbit.brokerApiUrl,
          BLOOM_PORT: String(port),
          BLOOM_DATA_DIR: dataDir,
          BLOOM_EMBEDDED_PG_PORT: String(pgPort),
          LOG_FORMAT: "json",
          BLOOM_ENV: "production",
          NEXTAUTH_SECRET: "e2e-rabbit-secret-0123456789abcdefghijklmnopqrstuvwxyz",
          BLOOM_BASIC_AUTH: `${admin.username}:${admin.passwordInConfig}`,
          BLOOM_ADMINS: admin.username,
        },
        port,
      );
      const baseUrl = `http://127.0.0.1:${port}`;
      try {
        await provide({ baseUrl, amqpUrl: rabbit.amqpUrl, worker: worker.hostname, storageState: await signIn(baseUrl, admin.username, admin.password) });
      } finally {
        await stopProcess(bloom, 20_000);
        await worker.stop();
        await rabbit.dispose();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 240_000 },
  ],
  baseURL: async ({ rabbitStack }, provide) => provide(rabbitStack.baseUrl),
  storageState: async ({ rabbitStack }, provide) => provide(rabbitStack.storageState),
});

export { expect } from "@playwright/test";

/** NextAuth's CSRF-protected credentials sign-in, as e2e/global-setup.ts does for the Redis stack. */
async function signIn(baseUrl: string, username: string, password: string): Promise<RabbitStack["storageState"]> {
  const context = await request.newContext({ baseURL: baseUrl });
  try {
    const csrf = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await context.post("/api/auth/callback/credentials", { form: { csrfToken: csrf.csrfToken, username, password, callbackUrl: baseUrl, json: "true" }, maxRedirects: 0 });
    const state = await context.storageState();
    if (!state.cookies.some((cookie) => cookie.name.endsWith("next-auth.session-token"))) throw new Error("e2e rabbitmq: admin sign-in failed");
    return state;
  } finally {
    await context.dispose();
  }
}
