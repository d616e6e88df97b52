import type { Account, Profile } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import GitHubProvider from "next-auth/providers/github";
import GitLabProvider from "next-auth/providers/gitlab";
import GoogleProvider from "next-auth/providers/google";
import OktaProvider from "next-auth/providers/okta";
import { z } from "zod";
import type { OAuthSettings } from "./auth-settings";
import { claimIsTrue, type OAuthIdentity } from "./oauth-access";

/** The NextAuth provider for the configured OAuth settings. */
export function oauthProvider(settings: OAuthSettings): Provider {
  const client = { clientId: settings.clientId, clientSecret: settings.clientSecret };
  switch (settings.provider) {
    case "google":
      return GoogleProvider(client);
    case "github": {
      const provider = GitHubProvider(client);
      // read:org lets Bloom check organisation membership (BLOOM_OAUTH2_GROUPS).
      const scope = settings.requiredGroups.length > 0 ? "read:user user:email read:org" : "read:user user:email";
      if (!settings.baseUrl) return { ...provider, authorization: { url: "https://github.com/login/oauth/authorize", params: { scope } } };
      // GitHub Enterprise Server: same flows under the instance's URL.
      return {
        ...provider,
        issuer: `${settings.baseUrl}/login/oauth`,
        authorization: { url: `${settings.baseUrl}/login/oauth/authorize`, params: { scope } },
        token: `${settings.baseUrl}/login/oauth/access_token`,
        userinfo: `${settings.baseUrl}/api/v3/user`,
      };
    }
    case "gitlab": {
      const base = settings.baseUrl ?? "https://gitlab.com";
      const provider = GitLabProvider(client);
      return {
        ...provider,
        authorization: { url: `${base}/oauth/authorize`, params: { scope: "read_user read_api" } },
        token: `${base}/oauth/token`,
        userinfo: `${base}/api/v4/user`,
      };
    }
    case "okta":
      return OktaProvider({ ...client, issuer: settings.baseUrl ?? "" });
    case "oidc":
      return {
        id: "oidc",
        name: "Single sign-on",
        type: "oauth",
        wellKnown: `${settings.baseUrl}/.well-known/openid-configuration`,
        authorization: { params: { scope: "openid email profile" } },
        idToken: true,
        checks: ["pkce", "state"],
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        profile: (profile: { sub: string; name?: string; email?: string; preferred_username?: string }) => ({
          id: profile.sub,
          name: profile.name ?? profile.preferred_username ?? null,
          email: profile.email ?? null,
        }),
      };
  }
}

const githubEmails = z.array(z.object({ email: z.string(), verified: z.boolean() }));
const githubOrgs = z.array(z.object({ login: z.string() }));
const gitlabGroups = z.array(z.object({ full_path: z.string() }));
const emailClaims = z.object({ email: z.string().optional(), email_verified: z.unknown().optional() }).loose();
const gitlabUser = z.object({ email: z.string().optional(), confirmed_at: z.string().nullable().optional() }).loose();

/**
 * What the provider vouches for. Google and OIDC/Okta put `email_verified` in the ID token;
 * GitHub lists every address with its own `verified` flag (only through /user/emails, as
 * Flower reads it); GitLab only exposes a primary address once it is confirmed.
 */
export async function identityFromProvider(settings: OAuthSettings, account: Account, profile: Profile | undefined): Promise<OAuthIdentity> {
  const token = account.access_token;
  switch (settings.provider) {
    case "google":
    case "okta":
    case "oidc": {
      let claims = emailClaims.safeParse(profile ?? {});
      // An ID token may leave the email claims to the UserInfo endpoint (OIDC Core 5.4;
      // oidc-provider does by default): ask there when the token has none.
      if ((!claims.success || !claims.data.email) && token && settings.provider !== "google" && settings.baseUrl) {
        claims = emailClaims.safeParse(await fetchJson(await userInfoEndpoint(settings.baseUrl), token, "Bearer"));
      }
      const email = claims.success ? claims.data.email : undefined;
      return { emails: email ? [{ address: email, verified: claims.success && claimIsTrue(claims.data.email_verified) }] : [] };
    }
    case "github": {
      const api = settings.baseUrl ? `${settings.baseUrl}/api/v3` : "https://api.github.com";
      const emails = githubEmails.parse(await fetchJson(`${api}/user/emails`, token, "token"));
      const groups = settings.requiredGroups.length > 0 ? githubOrgs.parse(await fetchJson(`${api}/user/orgs`, token, "token")).map((org) => org.login) : undefined;
      return { emails: emails.map((email) => ({ address: email.email, verified: email.verified })), groups };
    }
    case "gitlab": {
      const base = settings.baseUrl ?? "https://gitlab.com";
      const user = gitlabUser.parse(profile ?? {});
      const groups =
        settings.requiredGroups.length > 0
          ? gitlabGroups.parse(await fetchJson(`${base}/api/v4/groups?min_access_level=10&per_page=100`, token, "Bearer")).map((group) => group.full_path)
          : undefined;
      return { emails: user.email ? [{ address: user.email, verified: Boolean(user.confirmed_at) }] : [], groups };
    }
  }
}

const discovery = z.object({ userinfo_endpoint: z.url() }).loose();

async function userInfoEndpoint(issuer: string): Promise<string> {
  return discovery.parse(await fetchJson(`${issuer}/.well-known/openid-configuration`, undefined, "Bearer")).userinfo_endpoint;
}

async function fetchJson(url: string, token: string | undefined, scheme: "token" | "Bearer"): Promise<unknown> {
  const headers: Record<string, string> = { Accept: "application/json", "User-Agent": "Bloom" };
  if (token) headers.Authorization = `${scheme} ${token}`;
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}
