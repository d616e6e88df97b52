import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/config-error";
import { alertLinkBase } from "./public-url";

const settings = { alertBaseUrl: undefined, address: "0.0.0.0", port: 5555, urlPrefix: "/flower" };

describe("alertLinkBase", () => {
  it("prefers BLOOM_ALERT_BASE_URL, then the public URL the operator configured, prefix included", () => {
    expect(alertLinkBase({ NEXTAUTH_URL: "https://ops.example.com" }, { ...settings, alertBaseUrl: "https://alerts.example.com" })).toBe("https://alerts.example.com");
    expect(alertLinkBase({ NEXTAUTH_URL: "https://ops.example.com/flower" }, settings)).toBe("https://ops.example.com/flower");
    expect(alertLinkBase({ BLOOM_PUBLIC_URL: "https://ops.example.com" }, settings)).toBe("https://ops.example.com/flower");
    expect(alertLinkBase({ FLOWER_OAUTH2_REDIRECT_URI: "https://ops.example.com/flower/api/auth/callback/okta" }, settings)).toBe("https://ops.example.com/flower");
  });

  it("links nowhere rather than to the listening address, and rejects a public URL with another prefix", () => {
    expect(alertLinkBase({}, settings)).toBeUndefined();
    expect(() => alertLinkBase({ NEXTAUTH_URL: "https://ops.example.com/other" }, settings)).toThrow(ConfigError);
  });
});
