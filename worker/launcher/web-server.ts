/**
 * Bloom's web process: Next.js behind a thin Node HTTP server. The server exists for what
 * `next start` cannot do: it sees the socket, so it decides which X-Forwarded-* headers to
 * believe (only from BLOOM_TRUSTED_PROXIES) and hands the client's address to the app in a
 * header nobody outside can set (lib/http/forwarded-headers.ts); it gives every request an
 * id and one JSON access-log line; it sets the security headers every response needs
 * (pages add their Content-Security-Policy in proxy.ts); and it drains open requests on
 * SIGTERM instead of cutting them.
 *
 * Its settings come from the launcher (worker/start.ts): BLOOM_PORT, BLOOM_ADDRESS,
 * BLOOM_BASE_PATH (the URL prefix the build was made for), BLOOM_PUBLIC_URL, DATABASE_URL,
 * NEXTAUTH_*. Several of these processes may serve one database behind a proxy.
 */
import http from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import next from "next";
import { loadAuthSettings } from "@/lib/auth/auth-settings";
import { ConfigError } from "@/lib/config/config-error";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { staticSecurityHeaders } from "@/lib/http/content-security-policy";
import { applyForwardedHeaders, parseTrustedProxies } from "@/lib/http/forwarded-headers";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/http/request-id";
import { createLogger } from "@/lib/log/logger";

const projectRoot = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<void> {
  // Started directly by systemd or docker-compose, nothing else has checked sign-in yet:
  // a missing NEXTAUTH_SECRET or a malformed user list stops the process with one line.
  loadAuthSettings();
  const port = Number(process.env.BLOOM_PORT ?? "5555");
  const hostname = process.env.BLOOM_ADDRESS ?? "127.0.0.1";
  const log = createLogger("web", (process.env.LOG_LEVEL as "info" | undefined) ?? "info");
  const trusted = parseTrustedProxies(process.env.BLOOM_TRUSTED_PROXIES);
  const basePath = process.env.BLOOM_BASE_PATH ?? "";
  const publicUrl = process.env.BLOOM_PUBLIC_URL ?? process.env.NEXTAUTH_URL ?? "";
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
