import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { applyForwardedHeaders, parseTrustedProxies } from "./forwarded-headers";

describe("forwarded headers", () => {
  const loopback = parseTrustedProxies(undefined);
  it("drops X-Forwarded-* from a peer that is not a trusted proxy and uses the socket address", () => {
    const headers: IncomingHttpHeaders = { "x-forwarded-for": "1.2.3.4", "x-forwarded-proto": "https", "x-bloom-client-ip": "9.9.9.9" };
    applyForwardedHeaders(headers, "203.0.113.7", loopback);
    expect(headers).toEqual({ "x-bloom-client-ip": "203.0.113.7" });
  });
  it("from a trusted proxy takes the right-most address that is not a proxy", () => {
    const headers: IncomingHttpHeaders = { "x-forwarded-for": "6.6.6.6, 198.51.100.2, 127.0.0.1", "x-forwarded-proto": "https" };
    applyForwardedHeaders(headers, "::ffff:127.0.0.1", loopback);
    expect(headers["x-bloom-client-ip"]).toBe("198.51.100.2");
    expect(headers["x-forwarded-proto"]).toBe("https");
  });
  it("understands CIDRs and 'none'", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, fd00::/8");
    expect(trusted.has("10.2.3.4")).toBe(true);
    expect(trusted.has("11.2.3.4")).toBe(false);
    expect(trusted.has("fd00::1")).toBe(true);
    expect(parseTrustedProxies("none").has("127.0.0.1")).toBe(false);
    expect(() => parseTrustedProxies("10.0.0.0/99")).toThrow(/prefix/);
    expect(() => parseTrustedProxies("proxy.local")).toThrow(/not an IP/);
  });
});
