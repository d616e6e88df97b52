/**
 * Bloom's web process: Next.js behind a thin Node HTTP server. The server exists for what
 * `next start` cannot do: it sees the socket, so it decides which X-Forwarded-* headers to
 * believe (only from BLOOM_TRUSTED_PROXIES) and hands the client's address to the app in a
 * header nobody outside can set (lib/http/forwarded-headers.ts); and it drains open requests
 * on SIGTERM instead of cutting them.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { applyForwardedHeaders, parseTrustedProxies } from "@/lib/http/forwarded-headers";
import { createLogger } from "@/lib/log/logger";

const projectRoot = path.resolve(import.meta.dirname, "../..");

async function main(): Promise<void> {
  const port = Number(process.env.BLOOM_PORT ?? "5555");
  const hostname = process.env.BLOOM_ADDRESS ?? "127.0.0.1";
  const log = createLogger("web", (process.env.LOG_LEVEL as "info" | undefined) ?? "info");
  const trusted = parseTrustedProxies(process.env.BLOOM_TRUSTED_PROXIES);
  const app = next({ dev: false, dir: projectRoot, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((request, response) => {
    applyForwardedHeaders(request.headers, request.socket.remoteAddress, trusted);
    handle(request, response).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, "request failed");
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // Server-Sent Events stay open for hours behind a proxy; Node's default timeouts would cut them.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => log.info({ port, hostname, trustedProxies: trusted.describe }, "web server listening"));

  const stop = (signal: string) => {
    log.info({ signal }, "web server draining");
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Live streams never end on their own: give requests a moment, then go.
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`bloom web: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
