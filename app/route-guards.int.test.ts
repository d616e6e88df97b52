import fs from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { resetAuthSettingsForTests } from "@/lib/auth/auth-settings";

/**
 * Every route handler under app/ and every server action under lib/actions/, found by
 * walking the folders — so a new route or action without a guard fails here, not in
 * production. Without credentials each route answers 401; a viewer's write is 403; a
 * viewer's server action is refused. Only the listed public routes are exempt.
 */
const appDir = path.resolve(import.meta.dirname);
const actionsDir = path.resolve(import.meta.dirname, "../lib/actions");
// Load balancers probe these two; they carry no URLs or error texts.
const PUBLIC_ROUTES = new Set(["/healthcheck", "/api/v1/health", "/api/auth/[...nextauth]"]);
// A viewer may write here: it saves only the caller's own display choices (columns, time
// mode), changing nothing anyone else sees. Checked below to answer 200, not skipped.
const SELF_SERVICE_WRITES = new Set(["/api/console/preferences"]);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const SECRET = "route-guards-secret-0123456789abcdef";

// Server actions read the session from next/headers' cookies(), which exists only inside a
// Next request; here it hands them the cookie of a signed-in viewer instead.
let viewerCookie = "";
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => [{ name: "next-auth.session-token", value: viewerCookie }] }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type RouteFile = { urlPath: string; file: string; params: Record<string, string | string[]> };

function routeFiles(): RouteFile[] {
  return (fs.readdirSync(appDir, { recursive: true }) as string[])
    .filter((file) => /(^|\/)route\.ts$/.test(file))
    .map((file) => {
      const segments = path.dirname(file).split(path.sep).filter((segment) => segment !== "." && !/^\(.*\)$/.test(segment));
      const params: Record<string, string | string[]> = {};
      for (const segment of segments) {
        const catchAll = /^\[\.\.\.(\w+)\]$/.exec(segment);
        const single = /^\[(\w+)\]$/.exec(segment);
        if (catchAll?.[1]) params[catchAll[1]] = ["a", "b"];
        else if (single?.[1]) params[single[1]] = "some-value";
      }
      return { urlPath: `/${segments.join("/")}`, file: path.join(appDir, file), params };
    });
}

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;

async function handlersOf(route: RouteFile): Promise<[string, Handler][]> {
  const routeModule = (await import(route.file)) as Record<string, unknown>;
  return METHODS.filter((method) => typeof routeModule[method] === "function").map((method) => [method, routeModule[method] as Handler]);
}

function call(route: RouteFile, handler: Handler, method: string, headers: Record<string, string>): Promise<Response> {
  const url = `http://bloom.test${route.urlPath.replace(/\[\.\.\.\w+\]/, "a/b").replace(/\[\w+\]/g, "some-value")}`;
  const init: RequestInit = { method, headers: { "content-type": "application/json", ...headers } };
  if (method !== "GET") init.body = "{}";
  return Promise.resolve(handler(new Request(url, init), { params: Promise.resolve(route.params) }));
}

describe("every route and server action is guarded", () => {
  let drop: () => Promise<void>;
  const viewerBasic = `Basic ${Buffer.from("guard-viewer:viewer-pass").toString("base64")}`;

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_route_guards");
    drop = db.drop;
    process.env.DATABASE_URL = db.url;
    process.env.CELERY_BROKER_URL = inject("redisUrl");
    process.env.BLOOM_ENV = "production";
    process.env.NEXTAUTH_SECRET = SECRET;
    process.env.BLOOM_BASIC_AUTH = "guard-admin:admin-pass,guard-viewer:viewer-pass";
    process.env.BLOOM_ADMINS = "guard-admin";
    resetAuthSettingsForTests();
    viewerCookie = await encode({ token: { username: "guard-viewer", src: "configured" }, secret: SECRET });
  });
  afterAll(async () => {
    const { getPrisma } = await import("@/lib/db/client");
    await getPrisma().$disconnect();
    await drop();
  });

  it("finds the routes (the walk itself works)", () => {
    const paths = routeFiles().map((route) => route.urlPath);
    expect(paths).toEqual(expect.arrayContaining(["/api/stream", "/api/console/workers", "/healthcheck", "/api/auth/[...nextauth]"]));
  });

  it("answers 401 without credentials on every non-public route", async () => {
    const open: string[] = [];
    for (const route of routeFiles().filter((candidate) => !PUBLIC_ROUTES.has(candidate.urlPath))) {
      for (const [method, handler] of await handlersOf(route)) {
        const response = await call(route, handler, method, {});
        if (response.status !== 401) open.push(`${method} ${route.urlPath} → ${response.status}`);
        await response.body?.cancel();
      }
    }
    expect(open).toEqual([]);
  });

  it("refuses a viewer's writes with 403 on every non-public route", async () => {
    const open: string[] = [];
    for (const route of routeFiles().filter((candidate) => !PUBLIC_ROUTES.has(candidate.urlPath))) {
      for (const [method, handler] of await handlersOf(route)) {
        if (method === "GET") continue;
        const response = await call(route, handler, method, { authorization: viewerBasic });
        const expected = SELF_SERVICE_WRITES.has(route.urlPath) ? 200 : 403;
        if (response.status !== expected) open.push(`${method} ${route.urlPath} → ${response.status}`);
      }
    }
    expect(open).toEqual([]);
  });

  it("refuses a viewer on every server action", async () => {
    const files = fs.readdirSync(actionsDir).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "define-action.ts");
    expect(files.length).toBeGreaterThan(0);
    const open: string[] = [];
    let count = 0;
    for (const file of files) {
      const actionModule = (await import(path.join(actionsDir, file))) as Record<string, unknown>;
      for (const [name, action] of Object.entries(actionModule)) {
        if (typeof action !== "function") continue;
        count += 1;
        const result = (await (action as (input: unknown) => Promise<unknown>)({})) as { ok: boolean; error?: { status: number } };
        if (result.ok || result.error?.status !== 403) open.push(`${file} ${name} → ${JSON.stringify(result)}`);
      }
    }
    expect(count).toBeGreaterThan(5);
    expect(open).toEqual([]);
  });
});
