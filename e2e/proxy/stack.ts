/**
 * Bloom as deployed behind a proxy: Debian's nginx running deploy/nginx.conf (its host
 * name, ports, prefix and certificate replaced for loopback) with a self-signed
 * certificate, in front of TWO web replicas (worker/launcher/web-server.ts, the process
 * `npm start` runs) built for the prefix /flower. The replicas share the e2e stack's
 * PostgreSQL, broker and ingest worker (e2e/global-setup.ts): the database is what makes
 * replicas agree on sessions, lockouts and live events, so sharing it is the point.
 *
 * Started lazily by the proxy project's worker fixture (e2e/proxy/fixtures.ts), so a run
 * of other specs never pays for it. The first run builds the prefixed app (.next-flower);
 * later runs reuse it until the sources change.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadSettings } from "@/lib/config/settings";
import { createLogger } from "@/lib/log/logger";
import { publicUrlOf } from "@/worker/launcher/auth-startup";
import { ensureProductionBuild } from "@/worker/launcher/next-build";
import { buildProcessBundles } from "@/worker/launcher/process-bundles";
import { freePorts } from "../rig/free-port";
import { startOidcProvider } from "../rig/oidc";
import { track } from "../rig/process-registry";
import { instanceDir } from "../rig/run-dir";
import { spawnLogged, stopSpawned, type Spawned } from "../rig/spawn";
import { canConnect, errorWithLog, run, waitFor } from "../rig/wait";
import { E2E_USERS, OIDC_ACCOUNTS } from "../support/e2e-users";

const projectRoot = path.resolve(import.meta.dirname, "../..");
export const PREFIX = "/flower";

/** Users of the replicas: the e2e users plus one this project locks out (its own, so the console project's lockout tests are untouched). */
export const PROXY_LOCK_USER = { username: "proxylock", password: "proxylock-pass" } as const;

export type Replica = {
  readonly name: "a" | "b";
  readonly port: number;
  /** the replica itself, bypassing nginx: http://127.0.0.1:<port>/flower */
  readonly directUrl: string;
  readonly logFile: string;
  /** the JSON log lines written so far */
  logLines(): Record<string, unknown>[];
};

export type ProxyStack = {
  /** https://127.0.0.1:<port>/flower, through nginx */
  readonly baseUrl: string;
  /** nginx's plain-http port (redirects to https) */
  readonly httpPort: number;
  readonly httpsPort: number;
  readonly replicas: readonly [Replica, Replica];
  readonly nginxLog: string;
  /** the environment a replica runs with (for a test that starts one more) */
  replicaEnv(port: number): Record<string, string>;
  /** the web process's bundle, as the replicas run it */
  webBundle: string;
  stop(): Promise<void>;
};

export async function startProxyStack(): Promise<ProxyStack> {
  const databaseUrl = required("BLOOM_E2E_DATABASE_URL");
  const brokerUrl = required("BLOOM_E2E_REDIS_URL");
  const dir = instanceDir("proxy");
  const [httpsPort, httpPort, portA, portB] = (await freePorts(4)) as [number, number, number, number];
  const publicOrigin = `https://127.0.0.1:${httpsPort}`;
  const oidc = await startOidcProvider({ redirectUris: [`${publicOrigin}${PREFIX}/api/auth/callback/okta`], accounts: OIDC_ACCOUNTS });
  const stoppers: (() => Promise<void>)[] = [() => oidc.stop()];

  try {
    // What an operator sets: the prefix as Flower spells it, and the OAuth redirect URI
    // (from which Bloom derives its public URL, as `npm start` does).
    const operatorEnv: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      CELERY_BROKER_URL: brokerUrl,
      FLOWER_URL_PREFIX: PREFIX.slice(1),
      BLOOM_ENV: "production",
      NODE_ENV: "production",
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      NEXTAUTH_SECRET: "proxy-e2e-secret-abcdefghijklmnopqrstuvwxyz0123456789",
      BLOOM_BASIC_AUTH: [...E2E_USERS.map((user) => `${encodeURIComponent(user.username)}:${user.passwordInConfig}`), `${PROXY_LOCK_USER.username}:${PROXY_LOCK_USER.password}`].join(","),
      BLOOM_ADMINS: "admin|.*@admins\\.example\\.com",
      BLOOM_LOGIN_MAX_FAILURES: "3",
      BLOOM_LOGIN_LOCKOUT: "4s",
      FLOWER_AUTH_PROVIDER: "flower.views.auth.OktaLoginHandler",
      FLOWER_OAUTH2_KEY: oidc.clientId,
      FLOWER_OAUTH2_SECRET: oidc.clientSecret,
      FLOWER_OAUTH2_OKTA_BASE_URL: oidc.issuer,
      FLOWER_OAUTH2_REDIRECT_URI: `${publicOrigin}${PREFIX}/api/auth/callback/okta`,
      FLOWER_AUTH: ".*@(admins\\.)?example\\.com",
    };
    const settings = loadSettings(operatorEnv);
    const publicUrl = publicUrlOf(operatorEnv, settings);
    if (publicUrl !== `${publicOrigin}${PREFIX}`) throw new Error(`public URL derived as ${publicUrl}`);
    await ensureProductionBuild(createLogger("e2e-proxy"), settings.urlPrefix);
    // What `npm run build` makes for systemd and compose: replicas run the web bundle.
    const { web: webBundle } = await buildProcessBundles(projectRoot);

    // Only what an operator writes in the env file, as systemd and compose start replicas: the
    // process derives Next's base path, the public URL and NEXTAUTH_URL itself.
    const replicaEnv = (port: number): Record<string, string> => ({
      ...inheritedEnv(),
      ...operatorEnv,
      BLOOM_PORT: String(port),
      BLOOM_ADDRESS: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
    });

    const replicas = await Promise.all(
      (["a", "b"] as const).map(async (name, index) => {
        const port = index === 0 ? portA : portB;
        const logFile = path.join(dir, `web-${name}.log`);
        const spawned = await startReplica(webBundle, replicaEnv(port), port, logFile);
        stoppers.push(() => stopReplica(spawned));
        const replica: Replica = { name, port, directUrl: `http://127.0.0.1:${port}${PREFIX}`, logFile, logLines: () => jsonLines(logFile) };
        return replica;
      }),
    );

    const nginxLog = await startNginx(dir, { httpsPort, httpPort, upstreams: [portA, portB] }, stoppers);
    return {
      baseUrl: `${publicOrigin}${PREFIX}`,
      httpPort,
      httpsPort,
      replicas: replicas as [Replica, Replica],
      nginxLog,
      replicaEnv,
      webBundle,
      stop: () => stopAll(stoppers),
    };
  } catch (error) {
    await stopAll(stoppers);
    throw error;
  }
}

export async function startReplica(webBundle: string, env: Record<string, string>, port: number, logFile: string): Promise<Spawned> {
  const spawned = await spawnLogged(process.execPath, [webBundle], { cwd: projectRoot, env, logFile });
  const tracked = track({ name: `bloom-web:${port}`, pid: spawned.pid, stop: () => stopReplica(spawned) });
  void spawned.exited.then(() => tracked.untrack());
  try {
    await waitFor(
      `web replica on ${port}`,
      async () => {
        const status = await fetch(`http://127.0.0.1:${port}${PREFIX}/healthcheck`).then((response) => response.status, () => 0);
        return status === 200 || status === 503;
      },
      { timeoutMs: 60_000, intervalMs: 200, abortIf: () => (spawned.hasExited() ? "it exited" : undefined) },
    );
  } catch (error) {
    await stopReplica(spawned);
    throw errorWithLog(error, logFile);
  }
  return spawned;
}

export async function stopReplica(spawned: Spawned): Promise<void> {
  await stopSpawned(spawned, { signal: "SIGTERM", timeoutMs: 12_000 });
}

/**
 * deploy/nginx.conf as shipped, with its example values replaced. Each replacement must
 * hit: if the shipped file changes shape, this fails instead of testing something else.
 */
export function loopbackNginxConf(shipped: string, values: { httpsPort: number; httpPort: number; upstreams: readonly [number, number]; certificate: string; key: string }): string {
  const replacements: [RegExp, string][] = [
    [/listen 80;/g, `listen 127.0.0.1:${values.httpPort};`],
    [/listen \[::\]:80;\n/g, ""],
    [/listen 443 ssl http2;/g, `listen 127.0.0.1:${values.httpsPort} ssl http2;`],
    [/listen \[::\]:443 ssl http2;\n/g, ""],
    [/server_name bloom\.example\.com;/g, "server_name 127.0.0.1;"],
    [/\/etc\/ssl\/certs\/bloom\.example\.com\.pem/g, values.certificate],
    [/\/etc\/ssl\/private\/bloom\.example\.com\.key/g, values.key],
    [/127\.0\.0\.1:5555/g, `127.0.0.1:${values.upstreams[0]}`],
    [/127\.0\.0\.1:5556/g, `127.0.0.1:${values.upstreams[1]}`],
    // The redirect to https keeps the test port.
    [/return 301 https:\/\/\$host\$request_uri;/g, `return 301 https://$host:${values.httpsPort}$request_uri;`],
  ];
  let conf = shipped;
  for (const [pattern, replacement] of replacements) {
    if (!pattern.test(conf)) throw new Error(`deploy/nginx.conf no longer contains ${pattern}; update e2e/proxy/stack.ts`);
    conf = conf.replace(pattern, replacement);
  }
  return conf;
}

async function startNginx(dir: string, ports: { httpsPort: number; httpPort: number; upstreams: readonly [number, number] }, stoppers: (() => Promise<void>)[]): Promise<string> {
  const certificate = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate]);
  const site = loopbackNginxConf(readFileSync(path.join(projectRoot, "deploy/nginx.conf"), "utf8"), { ...ports, certificate, key });
  writeFileSync(path.join(dir, "bloom.conf"), site);
  const accessLog = path.join(dir, "nginx-access.log");
  // The main configuration a Debian host provides, reduced to a foreground process whose
  // files all live in the test folder.
  writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      "daemon off;",
      "worker_processes 1;",
      `pid ${path.join(dir, "nginx.pid")};`,
      `error_log ${path.join(dir, "nginx-error.log")} info;`,
      "events { worker_connections 256; }",
      "http {",
      "  include /etc/nginx/mime.types;",
      `  log_format bloom '$remote_addr "$request" $status request_id=$request_id upstream=$upstream_addr';`,
      `  access_log ${accessLog} bloom;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${path.join(dir, `${kind}-temp`)};`),
      `  include ${path.join(dir, "bloom.conf")};`,
      "}",
      "",
    ].join("\n"),
  );
  const logFile = path.join(dir, "nginx.out");
  const spawned = await spawnLogged("/usr/sbin/nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { cwd: dir, env: inheritedEnv(), logFile });
  const tracked = track({ name: `nginx:${ports.httpsPort}`, pid: spawned.pid, group: true, stop: () => stopSpawned(spawned, { signal: "SIGQUIT", group: true }).then(() => undefined) });
  stoppers.push(async () => {
    await stopSpawned(spawned, { signal: "SIGQUIT", timeoutMs: 5_000, group: true });
    tracked.untrack();
  });
  try {
    await waitFor("nginx", async () => (await canConnect(ports.httpsPort)) && (await canConnect(ports.httpPort)), {
      timeoutMs: 10_000,
      abortIf: () => (spawned.hasExited() ? "it exited" : undefined),
    });
  } catch (error) {
    throw errorWithLog(error, path.join(dir, "nginx-error.log"));
  }
  return accessLog;
}

async function stopAll(stoppers: (() => Promise<void>)[]): Promise<void> {
  // Newest first: nginx before the replicas, so nobody reaches a replica that is going away.
  let failure: unknown;
  for (const stop of stoppers.toReversed()) {
    try {
      await stop();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

function jsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** PATH and the like, without the e2e stack's own Bloom settings leaking in. */
function inheritedEnv(): Record<string, string> {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "TZ"];
  return Object.fromEntries(keep.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset: the proxy project runs after e2e/global-setup.ts`);
  return value;
}
