import { describe, expect, it } from "vitest";
import { nextAuthUrlOf, publicUrlOf } from "./auth-startup";

const listening = { address: "127.0.0.1", port: 5555, urlPrefix: "" };
const prefixed = { ...listening, urlPrefix: "/flower" };

describe("publicUrlOf", () => {
  it("is the listening address, with the prefix, when nothing says otherwise", () => {
    expect(publicUrlOf({}, listening)).toBe("http://127.0.0.1:5555");
    expect(publicUrlOf({}, prefixed)).toBe("http://127.0.0.1:5555/flower");
    expect(publicUrlOf({}, { ...prefixed, address: "0.0.0.0" })).toBe("http://localhost:5555/flower");
  });

  it("adds the prefix to a public URL given without a path", () => {
    expect(publicUrlOf({ BLOOM_PUBLIC_URL: "https://ops.example.com/" }, prefixed)).toBe("https://ops.example.com/flower");
    expect(publicUrlOf({ NEXTAUTH_URL: "https://ops.example.com" }, prefixed)).toBe("https://ops.example.com/flower");
  });

  it("accepts the prefix in the URL, and NextAuth's own /api/auth suffix", () => {
    expect(publicUrlOf({ BLOOM_PUBLIC_URL: "https://ops.example.com/flower/" }, prefixed)).toBe("https://ops.example.com/flower");
    expect(publicUrlOf({ NEXTAUTH_URL: "https://ops.example.com/flower/api/auth" }, prefixed)).toBe("https://ops.example.com/flower");
    expect(publicUrlOf({ NEXTAUTH_URL: "https://ops.example.com/api/auth" }, listening)).toBe("https://ops.example.com");
  });

  it("derives it from Flower's OAuth redirect URI, prefix included", () => {
    expect(publicUrlOf({ FLOWER_OAUTH2_REDIRECT_URI: "https://ops.example.com/flower/api/auth/callback/okta" }, prefixed)).toBe("https://ops.example.com/flower");
    expect(() => publicUrlOf({ FLOWER_OAUTH2_REDIRECT_URI: "https://ops.example.com/login/callback" }, prefixed)).toThrow(/^FLOWER_OAUTH2_REDIRECT_URI: must end in/);
  });

  it("refuses a path that is not the prefix, naming the variable and the fix", () => {
    expect(() => publicUrlOf({ BLOOM_PUBLIC_URL: "https://ops.example.com/celery" }, prefixed)).toThrow(/^BLOOM_PUBLIC_URL: its path "\/celery" must be the URL prefix Bloom is served under \(now "\/flower"\): set BLOOM_URL_PREFIX=\/celery/);
    expect(() => publicUrlOf({ NEXTAUTH_URL: "https://ops.example.com/flower" }, listening)).toThrow(/^NEXTAUTH_URL: .* \(now none\)/);
    expect(() => publicUrlOf({ BLOOM_OAUTH2_REDIRECT_URI: "https://ops.example.com/api/auth/callback/google" }, prefixed)).not.toThrow();
  });

  it("refuses what is not an http(s) URL", () => {
    expect(() => publicUrlOf({ BLOOM_PUBLIC_URL: "ops.example.com" }, listening)).toThrow(/^BLOOM_PUBLIC_URL: must be an http\(s\) URL/);
    expect(() => publicUrlOf({ BLOOM_PUBLIC_URL: "ftp://ops.example.com" }, listening)).toThrow(/^BLOOM_PUBLIC_URL: must be an http\(s\) URL/);
  });
});

describe("nextAuthUrlOf", () => {
  it("points NextAuth at its routes under the prefix", () => {
    expect(nextAuthUrlOf("https://ops.example.com/flower")).toBe("https://ops.example.com/flower/api/auth");
    expect(nextAuthUrlOf("http://127.0.0.1:5555")).toBe("http://127.0.0.1:5555/api/auth");
  });
});
