import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { sendScenario } from "../rig";
import { freePort } from "../rig/free-port";
import { env, statNumber, waitForLive } from "../support/console-page";
import { E2E_USERS } from "../support/e2e-users";
import { expect, test } from "./fixtures";
import { call, cookiesOf, openSse, signInByPassword } from "./http";
import { PREFIX, PROXY_LOCK_USER, startReplica, stopReplica } from "./stack";

/**
 * Bloom as deployed behind nginx (e2e/proxy/stack.ts): https on loopback with a self-signed
 * certificate, the console at /flower, two web replicas sharing one PostgreSQL. Every
 * test starts signed out (the console project's session belongs to another server).
 */
test.use({ storageState: { cookies: [], origins: [] } });

const admin = E2E_USERS[0];

/** Collects Content-Security-Policy violations from the moment a document starts (init scripts run outside the page's CSP). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`));
  });
  return async () => [...consoleErrors, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

async function signInWithForm(page: Page, at: (path: string) => string, username: string, password: string) {
  await page.getByLabel("User name", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText(username);
  expect(page.url().startsWith(at(""))).toBe(true);
}

test("http is redirected to https, the console answers only under the prefix, with its security headers", async ({ proxyStack, at }) => {
  const redirect = await call(`http://127.0.0.1:${proxyStack.httpPort}${PREFIX}/tasks?state=FAILURE`);
  expect(redirect.status).toBe(301);
  expect(redirect.headers.location).toBe(`https://127.0.0.1:${proxyStack.httpsPort}${PREFIX}/tasks?state=FAILURE`);

  expect((await call(at("/healthcheck"))).body).toMatch(/^(OK|UNHEALTHY: )/);
  expect((await call(`https://127.0.0.1:${proxyStack.httpsPort}/healthcheck`)).status).toBe(404);
  const root = await call(`https://127.0.0.1:${proxyStack.httpsPort}/`);
  expect([root.status, root.headers.location]).toEqual([302, `https://127.0.0.1:${proxyStack.httpsPort}${PREFIX}`]);

  const login = await call(at("/login"));
  expect(login.status).toBe(200);
  const policy = String(login.headers["content-security-policy"]);
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  // Next stamps the same nonce on its scripts; no script goes without it.
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  const scripts = [...login.body.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // Assets carry the prefix.
  expect(login.body).toContain(`${PREFIX}/_next/static/`);
  expect(login.headers["x-frame-options"]).toBe("DENY");
  expect(login.headers["x-content-type-options"]).toBe("nosniff");
  expect(login.headers["referrer-policy"]).toBe("same-origin");
  expect(login.headers["strict-transport-security"]).toBe("max-age=31536000");
  // A second request gets another nonce.
  expect((await call(at("/login"))).headers["content-security-policy"]).not.toBe(policy);

  // The request id nginx made is the one Bloom logged and answered with.
  const requestId = String(login.headers["x-request-id"]);
  expect(requestId).toMatch(/^[0-9a-f]{32}$/);
  expect(readFileSync(proxyStack.nginxLog, "utf8")).toContain(`request_id=${requestId}`);
  await expect
    .poll(() => proxyStack.replicas.flatMap((replica) => replica.logLines()).find((line) => line.requestId === requestId))
    .toMatchObject({ msg: "request", method: "GET", path: `${PREFIX}/login`, status: 200, ip: "127.0.0.1" });
});

test("password sign-in through the proxy opens the page asked for; pages and links work under the CSP", async ({ page, at }) => {
  const violations = await watchCsp(page);
  await page.goto(at("/tasks?state=FAILURE"));
  await expect(page).toHaveURL(at(`/login?callbackUrl=${encodeURIComponent(`${PREFIX}/tasks?state=FAILURE`)}`));
  await signInWithForm(page, at, admin.username, admin.password);
  await expect(page).toHaveURL(at("/tasks?state=FAILURE"));

  const cookies = await page.context().cookies();
  expect(cookies.find((cookie) => cookie.name === "__Secure-next-auth.session-token")).toMatchObject({ secure: true, httpOnly: true });
  // The theme boot script (inline, with the nonce) ran before hydration.
  expect(await page.evaluate(() => document.documentElement.style.colorScheme)).toMatch(/^(light|dark)$/);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workers" }).click();
  await expect(page).toHaveURL(at("/workers"));
  await expect(page.getByRole("banner").getByRole("status")).toHaveText("Live", { timeout: 20_000 });
  await expect(page.getByRole("link", { name: env("BLOOM_E2E_WORKER") })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: env("BLOOM_E2E_WORKER") })).toBeVisible();
  expect(await violations()).toEqual([]);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(at("/login?signedOut=1"));
});

test("a live update arrives through nginx: the dashboard counts tasks as they run, without a reload", async ({ page, at }) => {
  const violations = await watchCsp(page);
  await page.goto(at("/?window=15m"));
  await signInWithForm(page, at, admin.username, admin.password);
  await waitForLive(page);
  const before = await statNumber(page, "Processed");
  await sendScenario(env("BLOOM_E2E_REDIS_URL"), "basic");
  await expect.poll(() => statNumber(page, "Processed"), { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 4);
  expect(await violations()).toEqual([]);
});

test("OIDC sign-in through the proxy: the provider sends the browser back to the prefixed https callback", async ({ page, at }) => {
  const violations = await watchCsp(page);
  await page.goto(at("/workers"));
  await page.getByRole("button", { name: "Sign in with Okta" }).click();
  await page.locator('input[name="login"]').fill("alice@admins.example.com");
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
  await expect(page.getByTestId("signed-in-user")).toHaveText(/alice@admins\.example\.com\s*admin/i);
  await expect(page).toHaveURL(at("/workers"));
  expect(await violations()).toEqual([]);
});

test("an admin action through the proxy: the worker's pool grows and shrinks back", async ({ page, at }) => {
  const violations = await watchCsp(page);
  const hostname = env("BLOOM_E2E_WORKER");
  await page.goto(at(`/worker/${encodeURIComponent(hostname)}`));
  await signInWithForm(page, at, admin.username, admin.password);
  await expect(page.getByRole("heading", { name: hostname, level: 1 })).toBeVisible();
  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByRole("button", { name: "Grow pool" }).click();
  await expect(actions.getByRole("list", { name: "Replies to pool_grow" })).toContainText("pool will grow");
  await actions.getByRole("button", { name: "Shrink pool" }).click();
  await expect(actions.getByRole("list", { name: "Replies to pool_shrink" })).toContainText("pool will shrink");
  expect(await violations()).toEqual([]);
});

test("replicas are stateless: a session from either works on both, and both stream the same live changes", async ({ proxyStack }) => {
  const [a, b] = proxyStack.replicas;
  const signedIn = await signInByPassword(a.directUrl, admin.username, admin.password);
  expect(signedIn.session).toBeTruthy();
  for (const replica of [a, b]) {
    expect((await call(`${replica.directUrl}/api/console/workers`, { headers: { Cookie: signedIn.cookie } })).status).toBe(200);
    expect((await call(`${replica.directUrl}/api/console/workers`)).status).toBe(401);
  }

  // Each replica LISTENs to PostgreSQL itself; the e2e worker's heartbeats (every 2 s)
  // become change notifications that both must pass on.
  const streams = await Promise.all([a, b].map((replica) => openSse(`${replica.directUrl}/api/stream`, { Cookie: signedIn.cookie })));
  try {
    for (const stream of streams) {
      expect(stream.status).toBe(200);
      // nginx reads this one and does not pass it on, so it is checked here, on the replicas.
      expect(stream.headers["x-accel-buffering"]).toBe("no");
      await stream.next((message) => message.event === "ready", 15_000);
    }
    const changes = await Promise.all(streams.map((stream) => stream.next((message) => message.event === "changes" && (message.data ?? "").includes(env("BLOOM_E2E_WORKER")), 20_000)));
    for (const change of changes) expect(JSON.parse(change.data ?? "{}")).toMatchObject({ workers: expect.arrayContaining([env("BLOOM_E2E_WORKER")]) });
  } finally {
    for (const stream of streams) stream.close();
  }
});

test("a lockout earned on one replica holds on the other, and ends for both", async ({ proxyStack }) => {
  const [a, b] = proxyStack.replicas;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const failed = await signInByPassword(a.directUrl, PROXY_LOCK_USER.username, `wrong-${attempt}`);
    expect(failed.session).toBeUndefined();
  }
  const locked = await signInByPassword(b.directUrl, PROXY_LOCK_USER.username, PROXY_LOCK_USER.password);
  expect(locked.session).toBeUndefined();
  expect(locked.redirectedTo).toContain("error=AccountLocked");
  // NextAuth points the browser at its error route, which sends it on to the login page: both under the prefix.
  const errorRoute = new URL(locked.redirectedTo, proxyStack.baseUrl);
  expect(errorRoute.pathname).toBe(`${PREFIX}/api/auth/error`);
  const toLogin = await call(`${b.directUrl}/api/auth/error${errorRoute.search}`);
  expect(toLogin.headers.location).toMatch(new RegExp(`^${PREFIX}/login\\?error=AccountLocked`));
  // The lockout is 4 s in this configuration.
  await expect.poll(async () => (await signInByPassword(b.directUrl, PROXY_LOCK_USER.username, PROXY_LOCK_USER.password)).session, { timeout: 15_000, intervals: [1_000] }).toBeTruthy();
});

test("the live stream through nginx: unbuffered, and a reconnect with Last-Event-ID to either replica replays what was missed", async ({ proxyStack, at }) => {
  const { cookie } = await signInByPassword(proxyStack.baseUrl, admin.username, admin.password);
  const first = await openSse(at("/api/stream"), { Cookie: cookie });
  expect(first.status).toBe(200);
  expect(first.headers["content-type"]).toContain("text/event-stream");
  // The retry hint and `ready` arrive at once, not when a buffer fills.
  await first.next((message) => message.retry !== undefined, 10_000);
  const ready = await first.next((message) => message.event === "ready", 10_000);
  const change = await first.next((message) => message.event === "changes", 20_000);
  first.close();

  // Heartbeats keep coming meanwhile: by the time the browser is back there is something to catch up on.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const lastEventId = change.id ?? ready.id ?? "";
  expect(lastEventId).toMatch(/^\d+$/);
  // Through nginx (either replica), and straight to each replica: every one replays from the
  // shared change log, with the same ids, and none has to ask for a resync.
  const targets = [at("/api/stream"), ...proxyStack.replicas.map((replica) => `${replica.directUrl}/api/stream`)];
  const replays: string[][] = [];
  for (const url of targets) {
    const again = await openSse(url, { Cookie: cookie, "Last-Event-ID": lastEventId });
    try {
      const resumed = await again.next((message) => message.event === "ready", 15_000);
      const before = again.messages.slice(0, again.messages.indexOf(resumed));
      expect(before.map((message) => message.event), url).not.toContain("resync");
      const replayed = before.filter((message) => message.event === "changes").map((message) => message.id ?? "");
      expect(replayed.length, url).toBeGreaterThan(0);
      expect(Number(replayed[0]), url).toBeGreaterThan(Number(lastEventId));
      replays.push(replayed);
    } finally {
      again.close();
    }
  }
  // Later reconnects may find more changes, never different ones.
  for (const replay of replays.slice(1)) expect(replay.slice(0, replays[0]?.length)).toEqual(replays[0]);
});

test("a replica logs one JSON line per request and drains on SIGTERM, ending its live streams", async ({ proxyStack }) => {
  const port = await freePort();
  const logFile = path.join(path.dirname(proxyStack.nginxLog), `web-extra-${port}.log`);
  const replica = await startReplica(proxyStack.webBundle, proxyStack.replicaEnv(port), port, logFile);
  const url = `http://127.0.0.1:${port}${PREFIX}`;
  try {
    // The app's own headers, without nginx: HSTS because the public URL is https.
    const health = await call(`${url}/healthcheck`, { headers: { "X-Request-Id": "from-the-proxy-1234" } });
    expect(health.headers["x-request-id"]).toBe("from-the-proxy-1234");
    expect(health.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(health.headers["x-frame-options"]).toBe("DENY");
    const page = await call(`${url}/login`);
    const requestId = String(page.headers["x-request-id"]);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const { cookie } = await signInByPassword(url, admin.username, admin.password);
    const stream = await openSse(`${url}/api/stream`, { Cookie: cookie });
    await stream.next((message) => message.event === "ready", 15_000);
    process.kill(replica.pid, "SIGTERM");
    await stream.ended;
    expect(await replica.exited).toEqual({ code: 0, signal: null });

    const lines = readFileSync(logFile, "utf8").trim().split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.requestId === requestId)).toMatchObject({ level: 30, name: "web", msg: "request", method: "GET", path: `${PREFIX}/login`, status: 200 });
    expect(lines.find((line) => line.path === `${PREFIX}/api/stream`)).toMatchObject({ msg: "request", status: 200 });
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(["web server draining", "web server stopped"]));
    expect(cookiesOf(page).size).toBe(0);
  } finally {
    await stopReplica(replica);
  }
});
