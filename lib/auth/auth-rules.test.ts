import { describe, expect, it } from "vitest";
import { loadAuthSettings } from "./auth-settings";
import { parseBasicAuth, decodeBasicHeader, passwordsEqual } from "./basic-users";
import { canAct, readOnlyMode, systemActor } from "./actor";
import { safeCallbackPath } from "./callback-path";
import { compileEmailRule } from "./email-rules";
import { decideOAuthAccess } from "./oauth-access";
import { roleOfConfiguredUser, roleOfNewOAuthUser, roleOfStoredUser } from "./roles";
import { ConfigError } from "@/lib/config/config-error";

describe("BLOOM_BASIC_AUTH / FLOWER_BASIC_AUTH", () => {
  it("splits users on ',' and each on the first ':' as Flower does", () => {
    expect(parseBasicAuth("alice:secret,bob:pa:ss")).toEqual([
      { username: "alice", password: "secret" },
      { username: "bob", password: "pa:ss" },
    ]);
  });
  it("decodes percent-escapes after the split, so ',' and '%' can be in a password; unicode as is", () => {
    expect(parseBasicAuth("carol:a%2Cb%25c,dörte:pässwört")).toEqual([
      { username: "carol", password: "a,b%c" },
      { username: "dörte", password: "pässwört" },
    ]);
  });
  it("refuses entries without a password, duplicates and broken escapes", () => {
    expect(() => parseBasicAuth("alice")).toThrow(/not user:password/);
    expect(() => parseBasicAuth("alice:")).toThrow(/empty password/);
    expect(() => parseBasicAuth("a:1,a:2")).toThrow(/twice/);
    expect(() => parseBasicAuth("a:100%")).toThrow(/%25/);
  });
  it("reads an Authorization: Basic header, keeping ':' in the password", () => {
    const header = `Basic ${Buffer.from("bob:pa:ss").toString("base64")}`;
    expect(decodeBasicHeader(header)).toEqual({ username: "bob", password: "pa:ss" });
    expect(decodeBasicHeader("Bearer x")).toBeUndefined();
  });
  it("compares passwords exactly", () => {
    expect(passwordsEqual("secret", "secret")).toBe(true);
    expect(passwordsEqual("secret", "secret ")).toBe(false);
    expect(passwordsEqual("", "x")).toBe(false);
  });
});

describe("Flower's --auth email rule", () => {
  it("is a full match, so a longer domain does not slip through", () => {
    const rule = compileEmailRule(".*@example\\.com");
    expect(rule.allows("alice@example.com")).toBe(true);
    expect(rule.allows("ALICE@EXAMPLE.COM")).toBe(true);
    expect(rule.allows("alice@example.com.evil.org")).toBe(false);
    expect(rule.allows("alice@exampleXcom")).toBe(false);
  });
  it("treats a '|'-separated list of plain addresses as exact addresses", () => {
    const rule = compileEmailRule("alice@example.com|bob@example.org");
    expect(rule.allows("bob@example.org")).toBe(true);
    expect(rule.allows("bob@exampleXorg")).toBe(false);
    expect(rule.allows("carol@example.com")).toBe(false);
  });
});

describe("OAuth access", () => {
  const rule = compileEmailRule(".*@example\\.com");
  it("needs a verified address the rule allows, picking it among several", () => {
    const identity = { emails: [{ address: "me@gmail.com", verified: true }, { address: "Me@Example.com", verified: true }] };
    expect(decideOAuthAccess(identity, rule, [])).toEqual({ ok: true, email: "me@example.com" });
  });
  it("says why it refuses", () => {
    expect(decideOAuthAccess({ emails: [] }, rule, [])).toEqual({ ok: false, reason: "email_missing" });
    expect(decideOAuthAccess({ emails: [{ address: "a@example.com", verified: false }] }, rule, [])).toEqual({ ok: false, reason: "email_unverified" });
    expect(decideOAuthAccess({ emails: [{ address: "a@other.org", verified: true }] }, rule, [])).toEqual({ ok: false, reason: "email_not_allowed" });
    expect(decideOAuthAccess({ emails: [{ address: "a@example.com", verified: true }], groups: ["other"] }, rule, ["Ops"])).toEqual({ ok: false, reason: "group_required" });
    expect(decideOAuthAccess({ emails: [{ address: "a@example.com", verified: true }], groups: ["ops"] }, rule, ["Ops"]).ok).toBe(true);
  });
});

describe("auth settings", () => {
  const secret = "x".repeat(32);
  it("honours Flower's variable names", () => {
    const settings = loadAuthSettings({ FLOWER_BASIC_AUTH: "a:b", FLOWER_ADMIN_USERNAME: "root", FLOWER_ADMIN_PASSWORD: "pw", FLOWER_UNAUTHENTICATED_API: "true" });
    expect(settings.configuredUsers.map((user) => user.username)).toEqual(["a", "root"]);
    expect(settings.configuredAdmin).toBe("root");
    expect(settings.unauthenticatedApi).toBe(true);
    expect(settings.developmentSeed).toBe(false);
  });
  it("maps Flower's provider class names and requires what each provider needs", () => {
    const settings = loadAuthSettings({
      FLOWER_AUTH_PROVIDER: "flower.views.auth.OktaLoginHandler",
      FLOWER_OAUTH2_KEY: "id",
      FLOWER_OAUTH2_SECRET: "s",
      FLOWER_OAUTH2_OKTA_BASE_URL: "https://example.okta.com/",
      FLOWER_AUTH: ".*@example\\.com",
    });
    expect(settings.oauth).toMatchObject({ provider: "okta", baseUrl: "https://example.okta.com" });
    expect(() => loadAuthSettings({ BLOOM_AUTH_PROVIDER: "okta", BLOOM_OAUTH2_KEY: "id", BLOOM_OAUTH2_SECRET: "s", BLOOM_AUTH_EMAILS: ".*" })).toThrow(/BLOOM_OAUTH2_BASE_URL/);
    expect(() => loadAuthSettings({ BLOOM_AUTH_PROVIDER: "google", BLOOM_OAUTH2_KEY: "id", BLOOM_OAUTH2_SECRET: "s" })).toThrow(/BLOOM_AUTH_EMAILS/);
    expect(() => loadAuthSettings({ BLOOM_AUTH_PROVIDER: "facebook" })).toThrow(/one of google, github, gitlab, okta, oidc/);
  });
  it("production needs NEXTAUTH_SECRET and never seeds admin/admin123", () => {
    expect(() => loadAuthSettings({ BLOOM_ENV: "production", BLOOM_BASIC_AUTH: "a:b" })).toThrow(ConfigError);
    expect(loadAuthSettings({ BLOOM_ENV: "production", NEXTAUTH_SECRET: secret }).developmentSeed).toBe(false);
    expect(loadAuthSettings({ BLOOM_ENV: "development" }).developmentSeed).toBe(true);
    expect(loadAuthSettings({ BLOOM_ENV: "development", BLOOM_BASIC_AUTH: "a:b" }).developmentSeed).toBe(false);
  });
  it("a web process started without BLOOM_ENV (systemd, compose) is production under NODE_ENV=production: no seed", () => {
    expect(() => loadAuthSettings({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET/);
    const settings = loadAuthSettings({ NODE_ENV: "production", NEXTAUTH_SECRET: secret });
    expect(settings.mode).toBe("production");
    expect(settings.developmentSeed).toBe(false);
    expect(loadAuthSettings({ NODE_ENV: "production", BLOOM_ENV: "development" }).developmentSeed).toBe(true);
  });
  it("names the setting when a value is malformed", () => {
    expect(() => loadAuthSettings({ BLOOM_BASIC_AUTH: "nopassword" })).toThrow(/BLOOM_BASIC_AUTH/);
    expect(() => loadAuthSettings({ BLOOM_ADMINS: "(" })).toThrow(/BLOOM_ADMINS/);
    expect(() => loadAuthSettings({ BLOOM_LOGIN_LOCKOUT: "soon" })).toThrow(/BLOOM_LOGIN_LOCKOUT/);
  });
});

describe("roles", () => {
  it("configured users are admins like in Flower, unless BLOOM_ADMINS says otherwise", () => {
    const flowerLike = loadAuthSettings({ BLOOM_BASIC_AUTH: "a:b,c:d" });
    expect(roleOfConfiguredUser("c", flowerLike)).toBe("admin");
    const ruled = loadAuthSettings({ BLOOM_BASIC_AUTH: "a:b,c:d", BLOOM_ADMINS: "a" });
    expect(roleOfConfiguredUser("a", ruled)).toBe("admin");
    expect(roleOfConfiguredUser("c", ruled)).toBe("viewer");
  });
  it("the first OAuth user is admin only while no admin exists and no rule is set", () => {
    const none = loadAuthSettings({});
    expect(roleOfNewOAuthUser("a@x.io", false, none)).toBe("admin");
    expect(roleOfNewOAuthUser("b@x.io", true, none)).toBe("viewer");
    const ruled = loadAuthSettings({ BLOOM_ADMINS: ".*@ops\\.x\\.io" });
    expect(roleOfNewOAuthUser("a@x.io", false, ruled)).toBe("viewer");
    expect(roleOfStoredUser("viewer", ["a", "z@ops.x.io"], ruled)).toBe("admin");
  });
});

describe("the page to return to after sign-in", () => {
  it("only follows same-site paths", () => {
    expect(safeCallbackPath("/tasks?state=FAILURE")).toBe("/tasks?state=FAILURE");
    expect(safeCallbackPath("//evil.example/x")).toBe("/");
    expect(safeCallbackPath("/\\evil.example")).toBe("/");
    expect(safeCallbackPath("https://evil.example/steal")).toBe("/steal");
    expect(safeCallbackPath("javascript:alert(1)")).toBe("/");
    expect(safeCallbackPath("/login?x")).toBe("/");
  });
});

describe("read-only mode", () => {
  it("BLOOM_READ_ONLY (or Flower's FLOWER_READ_ONLY) stops admins from acting; the operator's CLI still may", () => {
    expect(readOnlyMode({ BLOOM_READ_ONLY: "true" })).toBe(true);
    expect(readOnlyMode({ FLOWER_READ_ONLY: "yes" })).toBe(true);
    expect(readOnlyMode({})).toBe(false);
    const admin = { kind: "session", name: "a", role: "admin" } as const;
    const previous = process.env.BLOOM_READ_ONLY;
    process.env.BLOOM_READ_ONLY = "true";
    try {
      expect(canAct(admin)).toBe(false);
      expect(canAct(systemActor("cli:root"))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.BLOOM_READ_ONLY;
      else process.env.BLOOM_READ_ONLY = previous;
    }
    expect(canAct(admin)).toBe(true);
  });
});
