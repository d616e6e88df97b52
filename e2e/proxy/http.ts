/**
 * Plain HTTP(S) calls for the proxy specs, outside the browser: node's own client, so the
 * self-signed certificate can be accepted and Server-Sent Events read as they arrive.
 * Cookies are handled by hand because NextAuth's are `Secure`, and a test sometimes talks
 * to a replica directly over http with a cookie it got through https.
 */
import http from "node:http";
import https from "node:https";

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

export function call(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = clientOf(url).request(url, { method: options.method ?? "GET", headers: options.headers, rejectUnauthorized: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

/** `name=value` pairs of Set-Cookie, ready for a Cookie header. */
export function cookiesOf(reply: Reply): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of reply.headers["set-cookie"] ?? []) {
    const pair = line.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return jar;
}

export function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

/**
 * Signs in through NextAuth's CSRF-protected credentials endpoint at `appUrl`
 * (`…/flower`), as the login form does. Returns the session cookie, or the error NextAuth
 * sent the browser to.
 */
export async function signInByPassword(appUrl: string, username: string, password: string): Promise<{ session: string | undefined; redirectedTo: string; cookie: string }> {
  const csrf = await call(`${appUrl}/api/auth/csrf`);
  const jar = cookiesOf(csrf);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username, password, callbackUrl: `${appUrl}/`, json: "true" });
  const reply = await call(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(jar) },
    body: form.toString(),
  });
  const session = cookiesOf(reply).get("__Secure-next-auth.session-token");
  const redirectedTo = reply.headers.location ?? ((JSON.parse(reply.body || "{}") as { url?: string }).url ?? "");
  return { session, redirectedTo, cookie: session ? `__Secure-next-auth.session-token=${session}` : "" };
}

export type SseMessage = { id?: string; event?: string; data?: string; comment?: string; retry?: string };

export type SseStream = {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly messages: SseMessage[];
  /** Resolves with the first message (counting from `from`) that matches, or rejects after `timeoutMs`. */
  next(match: (message: SseMessage) => boolean, timeoutMs: number, from?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
};

/** Opens a Server-Sent Events stream and parses it as it arrives (WHATWG framing: blank line ends a message). */
export function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const request = clientOf(url).request(url, { headers: { Accept: "text/event-stream", ...headers }, rejectUnauthorized: false }, (response) => {
      const messages: SseMessage[] = [];
      const waiters = new Set<() => void>();
      let buffer = "";
      let endStream: () => void = () => undefined;
      const ended = new Promise<void>((done) => (endStream = done));
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        buffer += chunk;
        let boundary = buffer.indexOf("\n\n");
        while (boundary >= 0) {
          messages.push(parseBlock(buffer.slice(0, boundary)));
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf("\n\n");
        }
        for (const wake of waiters) wake();
      });
      response.on("end", endStream);
      response.on("close", endStream);
      response.on("error", endStream);
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        messages,
        ended,
        close: () => request.destroy(),
        next: (match, timeoutMs, from = 0) =>
          new Promise((found, fail) => {
            const check = () => {
              const hit = messages.slice(from).find(match);
              if (!hit) return;
              cleanup();
              found(hit);
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(new Error(`no matching stream message within ${timeoutMs} ms; got ${JSON.stringify(messages.slice(from).map((m) => m.event ?? m.comment ?? m.retry))}`));
            }, timeoutMs);
            const cleanup = () => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          }),
      });
    });
    request.on("error", reject);
    request.end();
  });
}

function parseBlock(block: string): SseMessage {
  const message: SseMessage = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) message.comment = line.slice(1).trim();
    else {
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id" || field === "event" || field === "data" || field === "retry") message[field] = value;
    }
  }
  return message;
}

function clientOf(url: string): typeof http | typeof https {
  return url.startsWith("https:") ? https : http;
}
