import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getAuthSettings, type AuthSettings } from "./auth-settings";
import { authenticatePassword } from "./credentials";
import { clientIpFromHeaders } from "./client-ip";
import { decideOAuthAccess } from "./oauth-access";
import { identityFromProvider, oauthProvider } from "./oauth-providers";
import { roleOfNewOAuthUser } from "./roles";
import { recordAudit } from "@/lib/repositories/audit-log";
import { countAdmins, createUser, findUserByUsername, markSignedIn } from "@/lib/repositories/users";
import { createLogger } from "@/lib/log/logger";
import { withBasePath } from "@/lib/http/base-path";

/**
 * NextAuth with JWT sessions. JWT, not database sessions: every web replica can verify the
 * cookie with NEXTAUTH_SECRET alone, and the role is re-read from Postgres/the configuration
 * on every request (lib/auth/session.ts), so disabling a user or changing a role still takes
 * effect at once — the part database sessions would otherwise buy.
 */
export type BloomJwtClaims = {
  /** "configured" users come from the environment; "stored" ones are rows in `users` */
  src: "configured" | "stored";
  uid?: string;
  username: string;
};

export function buildAuthOptions(settings: AuthSettings = getAuthSettings()): NextAuthOptions {
  const log = createLogger("web");
  const providers: NextAuthOptions["providers"] = [];
  // Always registered: stored users (console, `bloom users add`) may exist in any
  // configuration; the login page shows the form only when someone can use it.
  {
    providers.push(
      CredentialsProvider({
        id: "credentials",
        name: "Password",
        credentials: { username: { label: "User name", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const username = credentials?.username?.trim() ?? "";
          const password = credentials?.password ?? "";
          if (username === "" || password === "") return null;
          const ip = clientIpFromHeaders((name) => headerOf(request.headers, name));
          const result = await authenticatePassword(username, password, { source: "form", ip });
          // NextAuth turns a thrown error into ?error=<message> on the login page.
          if (!result.ok) throw new Error(result.reason === "locked" ? "AccountLocked" : "CredentialsSignin");
          const claims: BloomJwtClaims = { src: result.actor.userId ? "stored" : "configured", uid: result.actor.userId, username: result.actor.name };
          return { id: result.actor.userId ?? `configured:${result.actor.name}`, name: result.actor.name, ...claims };
        },
      }),
    );
  }
  if (settings.oauth) providers.push(oauthProvider(settings.oauth));

  return {
    providers,
    secret: settings.secret,
    session: { strategy: "jwt", maxAge: settings.sessionMaxAgeSeconds },
    jwt: { maxAge: settings.sessionMaxAgeSeconds },
    // NextAuth sends these to the browser as they are: they carry the URL prefix.
    pages: { signIn: withBasePath("/login"), error: withBasePath("/login") },
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account || account.type === "credentials" || !settings.oauth || !settings.emailRule) return true;
        const identity = await identityFromProvider(settings.oauth, account, profile);
        const decision = decideOAuthAccess(identity, settings.emailRule, settings.oauth.requiredGroups);
        const claimedEmail = identity.emails[0]?.address ?? user.email ?? "unknown";
        if (!decision.ok) {
          log.warn({ provider: account.provider, email: claimedEmail, reason: decision.reason }, "OAuth sign-in refused");
          await recordAudit({ actor: claimedEmail, action: "auth.sign-in", outcome: "denied", arguments: { source: account.provider, reason: decision.reason } });
          return withBasePath(`/login?error=${decision.reason}`);
        }
        let stored = await findUserByUsername(decision.email);
        if (!stored) {
          const role = roleOfNewOAuthUser(decision.email, (await countAdmins()) > 0, settings);
          stored = await createUser({ username: decision.email, email: decision.email, name: user.name ?? null, role, authSource: settings.oauth.provider });
          await recordAudit({ actor: decision.email, action: "user.create", target: decision.email, outcome: "ok", arguments: { source: settings.oauth.provider, role } });
        }
        if (stored.disabled) {
          await recordAudit({ actor: decision.email, action: "auth.sign-in", outcome: "denied", arguments: { source: account.provider, reason: "disabled" } });
          return withBasePath("/login?error=account_disabled");
        }
        await markSignedIn(stored.id);
        await recordAudit({ actor: decision.email, action: "auth.sign-in", outcome: "ok", arguments: { source: account.provider } });
        const claims: BloomJwtClaims = { src: "stored", uid: stored.id, username: stored.username };
        Object.assign(user, claims);
        return true;
      },
      jwt({ token, user }) {
        if (user) {
          const claims = user as unknown as Partial<BloomJwtClaims>;
          token.src = claims.src;
          token.uid = claims.uid;
          token.username = claims.username;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { name: typeof token.username === "string" ? token.username : session.user?.name } };
      },
    },
    events: {
      async signOut({ token }) {
        const name = typeof token?.username === "string" ? token.username : "unknown";
        await recordAudit({ actor: name, action: "auth.sign-out", outcome: "ok" });
      },
    },
    logger: {
      error: (code, metadata) => log.error({ code, metadata }, "next-auth error"),
      warn: (code) => log.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
  };
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (headers && typeof headers === "object") {
    const value = (headers as Record<string, unknown>)[name];
    if (typeof value === "string") return value;
    if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  }
  return undefined;
}

let cached: NextAuthOptions | undefined;
export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}
