import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import pg from "pg";
import { loadAuthSettings, type AuthMode } from "@/lib/auth/auth-settings";
import { ConfigError } from "@/lib/config/config-error";
import type { Settings } from "@/lib/config/settings";

/**
 * Sign-in settings, decided once by the launcher and handed to the web process:
 * - the mode: BLOOM_ENV if given; otherwise production when NODE_ENV=production or when
 *   Bloom listens on anything but loopback (it is reachable by others), development otherwise;
 * - NEXTAUTH_SECRET: required in production; in development one is generated once and kept
 *   in the data folder so sessions survive restarts;
 * - BLOOM_PUBLIC_URL, the console's public address with its prefix, and NEXTAUTH_URL, the
 *   same plus /api/auth, which NextAuth builds callback URLs and secure cookies from;
 * - production refuses to start when nobody could sign in (no configured users, no OAuth,
 *   no stored user with a password), printing how to configure it.
 */
export async function prepareAuthEnvironment(
  settings: Settings,
  env: Readonly<Record<string, string | undefined>>,
  databaseUrl: string,
  log: Logger,
): Promise<Record<string, string>> {
  const mode = authModeOf(env, settings.address);
  const out: Record<string, string> = { BLOOM_ENV: mode };
  if (!nonBlank(env.NEXTAUTH_SECRET) && mode === "development") out.NEXTAUTH_SECRET = await developmentSecret(settings.dataDir);
  const publicUrl = publicUrlOf(env, settings);
  out.BLOOM_PUBLIC_URL = publicUrl;
  out.NEXTAUTH_URL = nextAuthUrlOf(publicUrl);
  const auth = loadAuthSettings({ ...env, ...out });
  if (mode === "production" && auth.configuredUsers.length === 0 && !auth.oauth && (await storedPasswordUsers(databaseUrl)) === 0) {
    throw new ConfigError(
      "BLOOM_BASIC_AUTH",
      "Bloom runs in production mode and nobody could sign in. Set BLOOM_BASIC_AUTH=user:password (Flower's --basic_auth), " +
        "or an OAuth provider (BLOOM_AUTH_PROVIDER, BLOOM_OAUTH2_KEY, BLOOM_OAUTH2_SECRET, BLOOM_AUTH_EMAILS), " +
        "or add a user with `npx bloom users add <name> --role admin`. (For a local trial, BLOOM_ENV=development.)",
    );
  }
  if (auth.developmentSeed) {
    log.warn("development mode: sign in as admin / admin123 — configure sign-in (README \"Sign-in and roles\") before anyone else can reach Bloom");
  }
  if (auth.unauthenticatedApi) {
    log.warn("FLOWER_UNAUTHENTICATED_API is on: anyone who can reach Bloom may call its API, control commands included");
  }
  log.info({ mode, publicUrl, password: auth.configuredUsers.length > 0 || auth.developmentSeed, oauth: auth.oauth?.provider ?? null }, "sign-in configured");
  return out;
}

export function authModeOf(env: Readonly<Record<string, string | undefined>>, address: string): AuthMode {
  const explicit = env.BLOOM_ENV?.trim();
  if (explicit === "production" || explicit === "development") return explicit;
  if (explicit) throw new ConfigError("BLOOM_ENV", 'must be "production" or "development"');
  if (env.NODE_ENV === "production") return "production";
  return isLoopback(address) ? "development" : "production";
}

function isLoopback(address: string): boolean {
  return address === "localhost" || address === "::1" || address.startsWith("127.");
}

function nonBlank(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

/**
 * The console's public address, prefix included and no trailing slash (e.g.
 * `https://ops.example.com/flower`): NEXTAUTH_URL, else BLOOM_PUBLIC_URL, else the OAuth
 * redirect URI minus NextAuth's callback path (Flower users configure that one), else the
 * address Bloom listens on. Secure cookies follow its scheme and OAuth callbacks its path.
 * A URL given without a path gets the URL prefix; one with a path must name the prefix
 * (a proxy that strips the prefix is not supported: the pages' links carry it).
 */
export function publicUrlOf(env: Readonly<Record<string, string | undefined>>, settings: Pick<Settings, "address" | "port" | "urlPrefix">): string {
  const [variable, raw] = givenPublicUrl(env, settings);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(variable, "must be an http(s) URL like https://bloom.example.com/flower");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(variable, "must be an http(s) URL like https://bloom.example.com/flower");
  // NextAuth's documentation has NEXTAUTH_URL end in its own /api/auth when it is not at the root.
  const path = url.pathname.replace(/\/+$/, "").replace(/\/api\/auth$/, "");
  if (path !== "" && path !== settings.urlPrefix) {
    throw new ConfigError(
      variable,
      `its path "${path}" must be the URL prefix Bloom is served under (now ${settings.urlPrefix ? `"${settings.urlPrefix}"` : "none"}): set BLOOM_URL_PREFIX=${path}, or give the URL without a path`,
    );
  }
  return `${url.origin}${settings.urlPrefix}`;
}

/** NextAuth finds its own routes from NEXTAUTH_URL's path, so the web process gets `<public URL>/api/auth`. */
export function nextAuthUrlOf(publicUrl: string): string {
  return `${publicUrl}/api/auth`;
}

function givenPublicUrl(env: Readonly<Record<string, string | undefined>>, settings: Pick<Settings, "address" | "port">): [variable: string, url: string] {
  if (nonBlank(env.NEXTAUTH_URL)) return ["NEXTAUTH_URL", env.NEXTAUTH_URL.trim()];
  if (nonBlank(env.BLOOM_PUBLIC_URL)) return ["BLOOM_PUBLIC_URL", env.BLOOM_PUBLIC_URL.trim()];
  const redirectVariable = nonBlank(env.BLOOM_OAUTH2_REDIRECT_URI) ? "BLOOM_OAUTH2_REDIRECT_URI" : "FLOWER_OAUTH2_REDIRECT_URI";
  const redirect = env[redirectVariable];
  if (nonBlank(redirect)) {
    const match = /^(.*)\/api\/auth\/callback\/[a-z]+\/?$/.exec(redirect.trim());
    if (!match?.[1]) {
      throw new ConfigError(redirectVariable, "must end in /api/auth/callback/<provider> (e.g. https://bloom.example.com/api/auth/callback/google), or set BLOOM_PUBLIC_URL");
    }
    return [redirectVariable, match[1]];
  }
  const host = settings.address === "0.0.0.0" || settings.address === "::" ? "localhost" : settings.address;
  return ["BLOOM_ADDRESS", `http://${host.includes(":") ? `[${host}]` : host}:${settings.port}`];
}

async function developmentSecret(dataDir: string): Promise<string> {
  const file = path.join(path.resolve(dataDir), "nextauth-secret");
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: create it below
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

async function storedPasswordUsers(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>("SELECT count(*) AS count FROM users WHERE password_hash IS NOT NULL AND NOT disabled");
    return Number(rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}
