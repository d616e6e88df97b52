import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";
import { freePort } from "./rig/free-port";
import { startCeleryWorker, startRedis } from "./rig";
import { startOidcProvider } from "./rig/oidc";
import { E2E_USERS, OIDC_ACCOUNTS, STORAGE_STATE } from "./support/e2e-users";

const projectRoot = path.resolve(import.meta.dirname, "..");

/**
 * Brings up the real stack for the browser tests: Redis, a Celery worker (sample app), and
 * Bloom itself through the start command (`scripts/start.sh`, the code path of `npm start`)
 * with DATABASE_URL unset, so the embedded PostgreSQL path is exercised too.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const redis = await startRedis();
  const worker = await startCeleryWorker({ brokerUrl: redis.url, hostname: "e2e-w1@bloomtest", concurrency: 2 });
  const port = await freePort();
  const pgPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const oidc = await startOidcProvider({ redirectUris: [`${baseUrl}/api/auth/callback/okta`], accounts: OIDC_ACCOUNTS });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bloom-e2e-"));
  // The embedded PostgreSQL runs as user `postgres`, which must be able to enter this folder.
  fs.chmodSync(dataDir, 0o755);
  const bloom = await startBloom({
    CELERY_BROKER_URL: redis.url,
    BLOOM_PORT: String(port),
    BLOOM_DATA_DIR: dataDir,
    BLOOM_EMBEDDED_PG_PORT: String(pgPort),
    LOG_FORMAT: "json",
    // Production mode, as deployed: configured users only, no development seed.
    BLOOM_ENV: "production",
    NEXTAUTH_SECRET: "e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    BLOOM_BASIC_AUTH: E2E_USERS.map((user) => `${encodeURIComponent(user.username)}:${user.passwordInConfig}`).join(","),
    BLOOM_ADMINS: "admin|.*@admins\\.example\\.com",
    BLOOM_LOGIN_MAX_FAILURES: "3",
    BLOOM_LOGIN_LOCKOUT: "4s",
    // Flower's Okta settings, against a real OpenID Provider on loopback.
    FLOWER_AUTH_PROVIDER: "flower.views.auth.OktaLoginHandler",
    FLOWER_OAUTH2_KEY: oidc.clientId,
    FLOWER_OAUTH2_SECRET: oidc.clientSecret,
    FLOWER_OAUTH2_OKTA_BASE_URL: oidc.issuer,
    FLOWER_OAUTH2_REDIRECT_URI: `${baseUrl}/api/auth/callback/okta`,
    FLOWER_AUTH: ".*@(admins\\.)?example\\.com",
  }, port);
  await saveAdminSession(baseUrl);
  process.env.BLOOM_E2E_BASE_URL = `http://127.0.0.1:${port}`;
  process.env.BLOOM_E2E_REDIS_URL = redis.url;
  process.env.BLOOM_E2E_WORKER = worker.hostname;
  // Bloom's embedded PostgreSQL (user and password as worker/launcher/embedded-postgres.ts
  // sets them): specs LISTEN on it to time live updates from the moment of commit.
  process.env.BLOOM_E2E_DATABASE_URL = `postgresql://bloom:bloom@127.0.0.1:${pgPort}/bloom`;

  return async () => {
    await stopProcess(bloom, 20_000);
    await worker.stop();
    await redis.stop();
    await oidc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

export async function startBloom(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const logFile = path.join(os.tmpdir(), `bloom-e2e-${port}.log`);
  const log = fs.openSync(logFile, "w");
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn("bash", ["scripts/start.sh"], { cwd: projectRoot, env: { ...inherited, ...env }, stdio: ["ignore", log, log] });
  const deadline = Date.now() + 600_000; // first start builds the web app (minutes on a busy 2-core machine)
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Bloom exited during start-up (code ${child.exitCode}):\n${tail(logFile)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthcheck`);
      if (response.status === 200 || response.status === 503) {
        console.log(`e2e: Bloom answering on 127.0.0.1:${port} (log ${logFile})`);
        return child;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill("SIGKILL");
  throw new Error(`Bloom did not answer within 600 s:\n${tail(logFile)}`);
}

/** Signs in once through NextAuth's CSRF-protected credentials endpoint; specs start from this session. */
async function saveAdminSession(baseUrl: string): Promise<void> {
  const admin = E2E_USERS[0];
  const context = await request.newContext({ baseURL: baseUrl });
  const csrf = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, username: admin.username, password: admin.password, callbackUrl: baseUrl, json: "true" },
    maxRedirects: 0,
  });
  const state = await context.storageState();
  if (!state.cookies.some((cookie) => cookie.name.endsWith("next-auth.session-token"))) {
    throw new Error(`e2e: admin sign-in failed (HTTP ${response.status()})`);
  }
  fs.mkdirSync(path.dirname(STORAGE_STATE), { recursive: true });
  fs.writeFileSync(STORAGE_STATE, JSON.stringify(state));
  await context.dispose();
}

export function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function tail(file: string): string {
  return fs.readFileSync(file, "utf8").split("\n").slice(-40).join("\n");
}
