/**
 * Bloom's web process: Next.js behind a thin Node HTTP server. The server exists for what
 * `next start` cannot do: it sees the socket, so it decides which X-Forwarded-* headers to
 * believe (only from BLOOM_TRUSTED_PROXIES) and hands the client's address to the app in a
 * header nobody outside can set (lib/http/forwarded-headers.ts); it gives every request an
 * id and one JSON access-log line; it sets the security headers every response needs
 * (pages add their Content-Security-Policy in proxy.ts); and it drains open requests on
 * SIGTERM instead of cutting them.
 *
 * Started by `npm start` (worker/start.ts) or on its own (systemd, docker compose), it
 * resolves its settings the same way either way (./web-environment.ts): `.env`, the URL
 * prefix and the build made for it, the public URL and NEXTAUTH_URL, the sign-in check.
 * Several of these processes may serve one database behind a proxy.
 */
import http from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import next from "next";
import { ConfigError } from "@/lib/config/config-error";
import { loadDotEnvFile } from "@/lib/config/dotenv-file";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { staticSecurityHeaders } from "@/lib/http/content-security-policy";
import { applyForwardedHeaders, parseTrustedProxies } from "@/lib/http/forwarded-headers";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/http/request-id";
import { createLogger } from "@/lib/log/logger";
import { resolveWebEnvironment } from "./web-environment";

const projectRoot = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<void> {
  // Before Next reads anything: Next would load .env itself, but only after this process had
  // decided the prefix and the public URL without it.
  loadDotEnvFile(projectRoot);
  const bootLog = createLogger("web", "info");
  // A wrong setting, a missing build for the prefix or nobody able to sign in stops the process here, with one line.
  const resolved = await resolveWebEnvironment(process.env, projectRoot, bootLog);
  Object.assign(process.env, resolved.env);
  const { settings } = resolved;
  const port = settings.port;
  const hostname = settings.address;
  const log = createLogger("web", settings.logLevel);
  const trusted = parseTrustedProxies(process.env.BLOOM_TRUSTED_PROXIES);
  const basePath = settings.urlPrefix;
  const publicUrl = resolved.env.BLOOM_PUBLIC_URL ?? "";
  const securityHeaders = Object.entries(staticSecurityHeaders({ https: publicUrl.startsWith("https://") }));
  // Probes hit these every few seconds; their lines would drown the rest at "info".
  const quietPaths = new Set([`${basePath}/healthcheck`, `${basePath}/api/v1/health`]);
  const streamPath = `${basePath}/api/stream`;
  /** open live streams and how to write their access line (shutdown cuts them before their "close" can) */
  const openStreams = new Map<Socket, () => void>();

  const app = next({ dev: false, dir: projectRoot, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((request, response) => {
    const started = process.hrtime.bigint();
    const peer = request.socket.remoteAddress;
    const requestId = requestIdFor(request.headers[REQUEST_ID_HEADER], peer !== undefined && trusted.has(peer));
    applyForwardedHeaders(request.headers, peer, trusted);
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader("X-Request-Id", requestId);
    for (const [name, value] of securityHeaders) response.setHeader(name, value);

    const pathOnly = (request.url ?? "").split("?")[0] ?? "";
    let logged = false;
    const logRequest = () => {
      if (logged) return;
      logged = true;
      const line = {
        requestId,
        method: request.method,
        path: pathOnly,
        status: response.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        ip: request.headers[CLIENT_IP_HEADER],
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      if (quietPaths.has(pathOnly) && response.statusCode < 400) log.debug(line, "request");
      else log.info(line, "request");
    };
    // "close" also fires for streams the browser left and requests cut short, which "finish" misses.
    response.once("close", logRequest);
    if (pathOnly === streamPath) {
      openStreams.set(request.socket, logRequest);
      response.once("close", () => openStreams.delete(request.socket));
    }
    handle(request, response).catch((error: unknown) => {
      log.error({ err: error, requestId, url: request.url }, "request failed");
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // Server-Sent Events stay open for hours behind a proxy; Node's default timeouts would cut them.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => log.info({ port, hostname, basePath, publicUrl, trustedProxies: trusted.describe }, "web server listening"));

  const stop = (signal: string) => {
    log.info({ signal }, "web server draining");
    server.close(() => {
      // The last socket's own "close" listeners (the access-log line) run after the server's: let them.
      setImmediate(() => {
        log.info("web server stopped");
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    // Live streams never end on their own: cut them now, and the browsers reconnect (behind
    // a proxy, to another replica) and resume from their Last-Event-ID. Other requests get
    // a few seconds to finish (the launcher kills after ten).
    for (const [socket, logRequest] of openStreams) {
      logRequest();
      socket.destroy();
    }
    setTimeout(() => process.exit(0), 8_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`bloom web: ${error instanceof ConfigError ? `configuration error: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
