import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { stripBasePath, withBasePath } from "./base-path";
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from "./content-security-policy";

describe("the URL prefix", () => {
  it("is added to and removed from app paths", () => {
    expect(withBasePath("/api/stream", "/flower")).toBe("/flower/api/stream");
    expect(withBasePath("/api/stream", "")).toBe("/api/stream");
    expect(stripBasePath("/flower/tasks?state=FAILURE", "/flower")).toBe("/tasks?state=FAILURE");
    expect(stripBasePath("/flower", "/flower")).toBe("/");
    expect(stripBasePath("/flower?x=1", "/flower")).toBe("/?x=1");
    // a path that only starts with the same letters is not under the prefix
    expect(stripBasePath("/flowerpot", "/flower")).toBe("/flowerpot");
    expect(stripBasePath("/tasks", "")).toBe("/tasks");
  });

  it("is taken off sign-in callbacks, which stay on this site", () => {
    expect(safeCallbackPath("/flower/tasks?state=FAILURE", "/flower")).toBe("/tasks?state=FAILURE");
    expect(safeCallbackPath("https://ops.example.com/flower/worker/w1", "/flower")).toBe("/worker/w1");
    expect(safeCallbackPath("/flower/login?error=x", "/flower")).toBe("/");
    expect(safeCallbackPath("/flower//evil.example", "/flower")).toBe("/");
    expect(safeCallbackPath("//evil.example/flower/x", "/flower")).toBe("/");
    expect(safeCallbackPath("/flower", "/flower")).toBe("/");
  });
});

describe("security headers", () => {
  it("allow scripts only with the nonce, and no framing", () => {
    const policy = contentSecurityPolicy("abc123");
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(contentSecurityPolicy("abc123", { development: true })).toContain("'unsafe-eval'");
  });

  it("make a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("send HSTS only for an https public URL", () => {
    expect(staticSecurityHeaders({ https: true })["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(staticSecurityHeaders({ https: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(staticSecurityHeaders({ https: false })).toMatchObject({ "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin" });
  });
});
