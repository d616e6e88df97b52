import { z } from "zod";
import { ConfigError } from "@/lib/config/config-error";
import { parseDurationSeconds } from "@/lib/config/duration";
import { booleanFlag } from "@/lib/config/settings";
import { BasicAuthSyntaxError, parseBasicAuth, type ConfiguredUser } from "./basic-users";
import { compileEmailRule, type EmailRule } from "./email-rules";

/**
 * How people sign in, read once from the environment (the `bloom` CLI turns Flower's
 * options into these variables). Flower's FLOWER_* names are honoured as fallbacks so an
 * existing deployment's environment keeps working.
 */

export const OAUTH_PROVIDERS = ["google", "github", "gitlab", "okta", "oidc"] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDERS)[number];

/** Flower names providers by handler class; both spellings are accepted. */
const FLOWER_PROVIDER_CLASSES: Record<string, OAuthProviderId> = {
  "flower.views.auth.GoogleAuth2LoginHandler": "google",
  "flower.views.auth.GithubLoginHandler": "github",
  "flower.views.auth.GitLabLoginHandler": "gitlab",
  "flower.views.auth.OktaLoginHandler": "okta",
};

export type AuthMode = "production" | "development";

export type OAuthSettings = {
  provider: OAuthProviderId;
  clientId: string;
  clientSecret: string;
  /** the callback URL registered with the provider (Flower's --oauth2_redirect_uri) */
  redirectUri: string | undefined;
  /** Okta org URL / OIDC issuer / self-hosted GitLab or GitHub Enterprise base URL */
  baseUrl: string | undefined;
  /** GitHub organisations or GitLab groups a user must belong to (any of them); empty = no extra rule */
  requiredGroups: string[];
};

export type AuthSettings = {
  mode: AuthMode;
  /** users from BLOOM_BASIC_AUTH / FLOWER_BASIC_AUTH / FLOWER_ADMIN_USERNAME+PASSWORD */
  configuredUsers: ConfiguredUser[];
  /** FLOWER_ADMIN_USERNAME: always an admin */
  configuredAdmin: string | undefined;
  /** development mode without any configured sign-in: the seed admin/admin123 */
  developmentSeed: boolean;
  oauth: OAuthSettings | undefined;
  /** who may sign in through OAuth (Flower's --auth); undefined = nobody restricted... refused at start-up */
  emailRule: EmailRule | undefined;
  /** identities (username or email) that are admins; undefined = the defaults (README "Roles") */
  adminRule: RegExp | undefined;
  unauthenticatedApi: boolean;
  secret: string | undefined;
  sessionMaxAgeSeconds: number;
  login: { maxFailures: number; lockoutSeconds: number; windowSeconds: number };
};

export const DEVELOPMENT_SEED_USER: ConfiguredUser = { username: "admin", password: "admin123" };


const seconds = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const parsed = parseDurationSeconds(value);
      if (parsed === undefined || parsed === null || parsed <= 0) {
        ctx.addIssue({ code: "custom", message: 'must be a duration like "12h", "30m" or "90s"' });
        return z.NEVER;
      }
      return parsed;
    });

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const schema = z.object({
  BLOOM_ENV: z.enum(["production", "development"], { error: 'must be "production" or "development"' }).optional(),
  BLOOM_BASIC_AUTH: z.string().optional(),
  BLOOM_ADMIN_USERNAME: z.string().trim().min(1).optional(),
  BLOOM_ADMIN_PASSWORD: z.string().min(1).optional(),
  BLOOM_AUTH_EMAILS: z.string().trim().min(1).optional(),
  BLOOM_AUTH_PROVIDER: z.string().trim().optional(),
  BLOOM_OAUTH2_KEY: z.string().trim().min(1).optional(),
  BLOOM_OAUTH2_SECRET: z.string().trim().min(1).optional(),
  BLOOM_OAUTH2_REDIRECT_URI: httpUrl.optional(),
  BLOOM_OAUTH2_BASE_URL: httpUrl.optional(),
  BLOOM_OAUTH2_GROUPS: z.string().trim().optional(),
  BLOOM_ADMINS: z.string().trim().min(1).optional(),
  BLOOM_UNAUTHENTICATED_API: booleanFlag.optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  BLOOM_SESSION_MAX_AGE: seconds("12h"),
  BLOOM_LOGIN_MAX_FAILURES: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1000).default(5),
  BLOOM_LOGIN_LOCKOUT: seconds("15m"),
  BLOOM_LOGIN_WINDOW: seconds("15m"),
});

/** Every sign-in variable the schema reads (lib/config/env-example.test.ts checks .env.example has them). */
export const AUTH_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** Flower's environment names, read when Bloom's own is unset. */
const FLOWER_FALLBACKS: readonly (readonly [bloom: string, flower: string])[] = [
  ["BLOOM_BASIC_AUTH", "FLOWER_BASIC_AUTH"],
  ["BLOOM_ADMIN_USERNAME", "FLOWER_ADMIN_USERNAME"],
  ["BLOOM_ADMIN_PASSWORD", "FLOWER_ADMIN_PASSWORD"],
  ["BLOOM_AUTH_EMAILS", "FLOWER_AUTH"],
  ["BLOOM_AUTH_PROVIDER", "FLOWER_AUTH_PROVIDER"],
  ["BLOOM_OAUTH2_KEY", "FLOWER_OAUTH2_KEY"],
  ["BLOOM_OAUTH2_SECRET", "FLOWER_OAUTH2_SECRET"],
  ["BLOOM_OAUTH2_REDIRECT_URI", "FLOWER_OAUTH2_REDIRECT_URI"],
  ["BLOOM_OAUTH2_BASE_URL", "FLOWER_OAUTH2_OKTA_BASE_URL"],
  ["BLOOM_OAUTH2_BASE_URL", "FLOWER_GITLAB_OAUTH_DOMAIN"],
  ["BLOOM_OAUTH2_BASE_URL", "FLOWER_GITHUB_OAUTH_DOMAIN"],
  ["BLOOM_OAUTH2_GROUPS", "FLOWER_GITLAB_AUTH_ALLOWED_GROUPS"],
  ["BLOOM_UNAUTHENTICATED_API", "FLOWER_UNAUTHENTICATED_API"],
];

export function loadAuthSettings(env: Readonly<Record<string, string | undefined>> = process.env): AuthSettings {
  const source: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value.trim() !== "") source[key] = value;
  for (const [bloom, flower] of FLOWER_FALLBACKS) {
    if (source[bloom] === undefined && source[flower] !== undefined) source[bloom] = source[flower];
  }
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? "auth"), issue?.message ?? "is invalid");
  }
  const s = parsed.data;
  // `npm start` always passes BLOOM_ENV to the web process (worker/launcher/auth-startup.ts);
  // a web process started directly (systemd, docker-compose) without it is production when
  // NODE_ENV says so, so a deployment never falls back to the development seed admin/admin123.
  const mode: AuthMode = s.BLOOM_ENV ?? (source.NODE_ENV === "production" ? "production" : "development");

  let configuredUsers: ConfiguredUser[] = [];
  try {
    configuredUsers = s.BLOOM_BASIC_AUTH ? parseBasicAuth(s.BLOOM_BASIC_AUTH) : [];
  } catch (error) {
    if (error instanceof BasicAuthSyntaxError) throw new ConfigError("BLOOM_BASIC_AUTH", `${error.message} (format: user:password,user2:password2)`);
    throw error;
  }
  if ((s.BLOOM_ADMIN_USERNAME === undefined) !== (s.BLOOM_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError("FLOWER_ADMIN_USERNAME", "needs FLOWER_ADMIN_PASSWORD too (and the other way round)");
  }
  if (s.BLOOM_ADMIN_USERNAME && s.BLOOM_ADMIN_PASSWORD) {
    configuredUsers = [
      ...configuredUsers.filter((user) => user.username !== s.BLOOM_ADMIN_USERNAME),
      { username: s.BLOOM_ADMIN_USERNAME, password: s.BLOOM_ADMIN_PASSWORD },
    ];
  }

  const oauth = oauthSettings(s);
  let emailRule: EmailRule | undefined;
  if (s.BLOOM_AUTH_EMAILS) {
    try {
      emailRule = compileEmailRule(s.BLOOM_AUTH_EMAILS);
    } catch {
      throw new ConfigError("BLOOM_AUTH_EMAILS", "is not a valid regular expression (Flower's --auth, e.g. .*@example\\.com)");
    }
  }
  if (oauth && !emailRule) {
    throw new ConfigError("BLOOM_AUTH_EMAILS", "must say whose emails may sign in through OAuth (Flower's --auth, e.g. .*@example\\.com)");
  }
  let adminRule: RegExp | undefined;
  if (s.BLOOM_ADMINS) {
    try {
      adminRule = new RegExp(`^(?:${s.BLOOM_ADMINS})$`, "i");
    } catch {
      throw new ConfigError("BLOOM_ADMINS", "is not a valid regular expression");
    }
  }
  const unauthenticatedApi = s.BLOOM_UNAUTHENTICATED_API ?? false;
  const anyConfigured = configuredUsers.length > 0 || oauth !== undefined;
  if (mode === "production" && !s.NEXTAUTH_SECRET) {
    throw new ConfigError("NEXTAUTH_SECRET", "is required in production: it signs the session cookies (e.g. `openssl rand -base64 32`)");
  }
  return {
    mode,
    configuredUsers,
    configuredAdmin: s.BLOOM_ADMIN_USERNAME,
    // Stored users (bloom users add) also let people in; the seed is only for a first look
    // on a developer's machine and only while nothing else is configured.
    developmentSeed: mode === "development" && !anyConfigured,
    oauth,
    emailRule,
    adminRule,
    unauthenticatedApi,
    secret: s.NEXTAUTH_SECRET,
    sessionMaxAgeSeconds: s.BLOOM_SESSION_MAX_AGE,
    login: { maxFailures: s.BLOOM_LOGIN_MAX_FAILURES, lockoutSeconds: s.BLOOM_LOGIN_LOCKOUT, windowSeconds: s.BLOOM_LOGIN_WINDOW },
  };
}

function oauthSettings(s: z.output<typeof schema>): OAuthSettings | undefined {
  if (!s.BLOOM_AUTH_PROVIDER) return undefined;
  const provider = FLOWER_PROVIDER_CLASSES[s.BLOOM_AUTH_PROVIDER] ?? s.BLOOM_AUTH_PROVIDER.toLowerCase();
  if (!(OAUTH_PROVIDERS as readonly string[]).includes(provider)) {
    throw new ConfigError("BLOOM_AUTH_PROVIDER", `must be one of ${OAUTH_PROVIDERS.join(", ")} (or Flower's handler class name)`);
  }
  if (!s.BLOOM_OAUTH2_KEY) throw new ConfigError("BLOOM_OAUTH2_KEY", `is required with the ${provider} provider (the OAuth client id)`);
  if (!s.BLOOM_OAUTH2_SECRET) throw new ConfigError("BLOOM_OAUTH2_SECRET", `is required with the ${provider} provider (the OAuth client secret)`);
  if ((provider === "okta" || provider === "oidc") && !s.BLOOM_OAUTH2_BASE_URL) {
    throw new ConfigError("BLOOM_OAUTH2_BASE_URL", `is required with the ${provider} provider (the issuer URL, e.g. https://example.okta.com)`);
  }
  return {
    provider: provider as OAuthProviderId,
    clientId: s.BLOOM_OAUTH2_KEY,
    clientSecret: s.BLOOM_OAUTH2_SECRET,
    redirectUri: s.BLOOM_OAUTH2_REDIRECT_URI,
    baseUrl: s.BLOOM_OAUTH2_BASE_URL?.replace(/\/+$/, ""),
    requiredGroups: (s.BLOOM_OAUTH2_GROUPS ?? "").split(/[,\s]+/).filter((group) => group !== ""),
  };
}

let cached: AuthSettings | undefined;

/** The web process's auth settings; validated once (start-up already refused bad ones). */
export function getAuthSettings(): AuthSettings {
  cached ??= loadAuthSettings();
  return cached;
}

/** For tests that change the environment between cases. */
export function resetAuthSettingsForTests(): void {
  cached = undefined;
}
