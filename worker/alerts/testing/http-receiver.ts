import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server on loopback standing in for Slack and webhook receivers: it records
 * every request (path, headers, raw body, arrival time) and answers with the status the
 * test chooses per path and attempt.
 */
export type ReceivedRequest = { path: string; headers: http.IncomingHttpHeaders; body: string; at: number };

export type HttpReceiver = {
  url: string;
  requests: ReceivedRequest[];
  on(path: string): ReceivedRequest[];
  close(): Promise<void>;
};

export async function startHttpReceiver(statusFor: (path: string, attempt: number) => number = () => 200): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      requests.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const attempt = requests.filter((received) => received.path === path).length;
      const status = statusFor(path, attempt);
      response.writeHead(status, { "Content-Type": "text/plain" }).end(status < 300 ? "ok" : `refused with ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (path) => requests.filter((request) => request.path === path),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
