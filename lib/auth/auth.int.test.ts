import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { getPrisma } from "@/lib/db/client";
import { ForbiddenError, type Actor } from "./actor";
import { authenticateApiToken } from "./api-tokens";
import { loadAuthSettings, resetAuthSettingsForTests } from "./auth-settings";
import { authenticatePassword } from "./credentials";
import { resolveRequestActor } from "./request-actor";
import { addUser, changeRole, createToken, removeUser, revokeToken, setUserDisabled } from "@/lib/services/access";

/**
 * Sign-in against real PostgreSQL: configured and stored users, lockout per account and per
 * address, API tokens by scope, and the admin-only user management with its audit rows.
 */
const admin: Actor = { kind: "session", name: "root", role: "admin" };
const viewer: Actor = { kind: "session", name: "val", role: "viewer" };

describe("sign-in and access", () => {
  let drop: () => Promise<void>;
  const settings = loadAuthSettings({
    BLOOM_ENV: "production",
    NEXTAUTH_SECRET: "s".repeat(40),
    BLOOM_BASIC_AUTH: "ops:op%2Cs:pw",
    BLOOM_LOGIN_MAX_FAILURES: "2",
    BLOOM_LOGIN_LOCKOUT: "2s",
  });

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_auth");
    drop = db.drop;
    process.env.DATABASE_URL = db.url;
    process.env.BLOOM_BASIC_AUTH = "ops:op%2Cs:pw";
    resetAuthSettingsForTests();
  });
  afterAll(async () => {
    await getPrisma().$disconnect();
    await drop();
  });

  const audit = (action: string) => getPrisma().auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });

  it("accepts a configured user (password with ',' and ':') and a stored one, and audits form sign-ins", async () => {
    const configured = await authenticatePassword("ops", "op,s:pw", { source: "form", ip: "10.0.0.1" }, settings);
    expect(configured).toMatchObject({ ok: true, actor: { name: "ops", role: "admin" } });
    const created = await addUser(admin, { username: "dana", password: "dänä-pass-1", role: "viewer" });
    const stored = await authenticatePassword("dana", "dänä-pass-1", { source: "form", ip: "10.0.0.1" }, settings);
    expect(stored).toMatchObject({ ok: true, actor: { name: "dana", role: "viewer", userId: created.id } });
    const signIns = await audit("auth.sign-in");
    expect(signIns.map((row) => [row.actor, row.outcome])).toEqual([
      ["ops", "ok"],
      ["dana", "ok"],
    ]);
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(row.lastSignInAt).not.toBeNull();
  });

  it("locks an account after repeated failures, refuses even the right password, then recovers", async () => {
    await addUser(admin, { username: "erin", password: "erin-pass-1", role: "viewer" });
    expect(await authenticatePassword("erin", "nope", { source: "form", ip: "10.0.0.2" }, settings)).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticatePassword("erin", "nope", { source: "form", ip: "10.0.0.2" }, settings)).toMatchObject({ ok: false, reason: "locked" });
    expect(await authenticatePassword("erin", "erin-pass-1", { source: "form", ip: "10.0.0.3" }, settings)).toMatchObject({ ok: false, reason: "locked" });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await authenticatePassword("erin", "erin-pass-1", { source: "form", ip: "10.0.0.3" }, settings)).toMatchObject({ ok: true });
    const denied = (await audit("auth.sign-in")).filter((row) => row.actor === "erin" && row.outcome === "denied");
    expect(denied.length).toBe(3);
  });

  it("locks an address that keeps failing across many accounts", async () => {
    const ip = "192.0.2.50";
    for (let index = 0; index < 8; index += 1) await authenticatePassword(`nobody-${index}`, "x", { source: "form", ip }, settings);
    // a real user from that address is refused while the address is locked
    expect(await authenticatePassword("ops", "op,s:pw", { source: "form", ip }, settings)).toMatchObject({ ok: false, reason: "locked" });
    expect(await authenticatePassword("ops", "op,s:pw", { source: "form", ip: "192.0.2.51" }, settings)).toMatchObject({ ok: true });
  });

  it("API tokens act by their scope, are stored hashed and stop working when revoked", async () => {
    const read = await createToken(admin, { name: "prometheus", scope: "read" });
    const write = await createToken(admin, { name: "deploy-bot", scope: "admin" });
    expect(await authenticateApiToken(read.token)).toMatchObject({ kind: "token", role: "viewer" });
    expect(await authenticateApiToken(write.token)).toMatchObject({ kind: "token", role: "admin" });
    const rows = await getPrisma().apiToken.findMany();
    expect(rows.every((row) => row.tokenHash.length === 64 && !rows.some((r) => r.tokenHash === read.token))).toBe(true);
    const viaHeader = await resolveRequestActor(new Request("http://bloom/api/workers", { headers: { authorization: `Bearer ${read.token}` } }));
    expect(viaHeader?.role).toBe("viewer");
    await revokeToken(admin, { tokenId: read.id });
    expect(await authenticateApiToken(read.token)).toBeNull();
    expect(await authenticateApiToken("bloom_not-a-token")).toBeNull();
    expect((await audit("token.create")).map((row) => row.target)).toEqual(["prometheus", "deploy-bot"]);
  });

  it("HTTP Basic works for Flower-era scripts", async () => {
    const header = `Basic ${Buffer.from("ops:op,s:pw").toString("base64")}`;
    expect(await resolveRequestActor(new Request("http://bloom/api/workers", { headers: { authorization: header } }))).toMatchObject({ kind: "basic", name: "ops", role: "admin" });
    const wrong = `Basic ${Buffer.from("ops:bad").toString("base64")}`;
    expect(await resolveRequestActor(new Request("http://bloom/api/workers", { headers: { authorization: wrong } }))).toBeNull();
  });

  it("refuses viewers on every management action and audits the refusal", async () => {
    const target = await addUser(admin, { username: "fred", password: "fred-pass-1", role: "viewer" });
    await expect(addUser(viewer, { username: "x", password: "xxxxxxxx", role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeRole(viewer, { userId: target.id, role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createToken(viewer, { name: "t", scope: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeUser(viewer, { userId: target.id })).rejects.toBeInstanceOf(ForbiddenError);
    const refusals = await getPrisma().auditLog.findMany({ where: { actor: "val", outcome: "denied" } });
    expect(refusals.map((row) => row.action).sort()).toEqual(["token.create", "user.create", "user.remove", "user.role"]);
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("viewer");
  });

  it("never removes, disables or demotes the last admin", async () => {
    const boss = await addUser(admin, { username: "boss", password: "boss-pass-1", role: "admin" });
    await expect(changeRole(admin, { userId: boss.id, role: "viewer" })).rejects.toThrow(/last admin/);
    await expect(setUserDisabled(admin, { userId: boss.id, disabled: true })).rejects.toThrow(/last admin/);
    await expect(removeUser(admin, { userId: boss.id })).rejects.toThrow(/last admin/);
    const second = await addUser(admin, { username: "boss2", password: "boss-pass-2", role: "admin" });
    await changeRole(admin, { userId: boss.id, role: "viewer" });
    expect((await getPrisma().user.findUniqueOrThrow({ where: { id: second.id } })).role).toBe("admin");
  });
});
