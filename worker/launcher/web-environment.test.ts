import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/config-error";
import { resolveWebEnvironment } from "./web-environment";

const log = pino({ level: "silent" });

/** A project folder with the builds given ("" for the unprefixed one). */
function projectWithBuilds(...prefixes: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bloom-web-env-"));
  for (const prefix of prefixes) {
    const dir = path.join(root, prefix === "" ? ".next" : `.next${prefix.replaceAll("/", "-")}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "BUILD_ID"), "x");
  }
  return root;
}

/** What an operator puts in /etc/bloom/bloom.env or the compose .env. */
const operator = {
  DATABASE_URL: "postgresql://bloom:secret@db:5432/bloom",
  BLOOM_ENV: "production",
  NEXTAUTH_SECRET: "web-environment-test-secret-0123456789abcdef",
  BLOOM_BASIC_AUTH: "ops:s3cret-pass",
  BLOOM_URL_PREFIX: "flower",
  NEXTAUTH_URL: "https://ops.example.com/flower",
};

describe("resolveWebEnvironment", () => {
  it("turns the operator's prefix and public URL into what Next and NextAuth need, as npm start would", async () => {
    const root = projectWithBuilds("/flower");
    const { settings, env } = await resolveWebEnvironment(operator, root, log);
    expect(settings.urlPrefix).toBe("/flower");
    expect(env).toEqual({
      BLOOM_ENV: "production",
      BLOOM_PUBLIC_URL: "https://ops.example.com/flower",
      NEXTAUTH_URL: "https://ops.example.com/flower/api/auth",
      BLOOM_BASE_PATH: "/flower",
    });
    // What npm start hands its web process resolves to itself.
    expect((await resolveWebEnvironment({ ...operator, ...env }, root, log)).env).toEqual(env);
    // Flower's spelling of the prefix, and a public URL without a path, work the same.
    const flowerStyle = { ...operator, BLOOM_URL_PREFIX: undefined, FLOWER_URL_PREFIX: "/flower/", NEXTAUTH_URL: undefined, BLOOM_PUBLIC_URL: "https://ops.example.com" };
    expect((await resolveWebEnvironment(flowerStyle, root, log)).env).toEqual(env);
  });

  it("stops with a clear error when there is no build for the prefix", async () => {
    const root = projectWithBuilds("");
    const error = await resolveWebEnvironment(operator, root, log).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^BLOOM_URL_PREFIX: there is no web build for the URL prefix \/flower \(\.next-flower\/ in .*\)\. Build it .*npm run build.*docker compose build/);
    await expect(resolveWebEnvironment({ ...operator, BLOOM_URL_PREFIX: "" , NEXTAUTH_URL: "https://ops.example.com" }, root, log)).resolves.toMatchObject({ env: { BLOOM_BASE_PATH: "" } });
  });

  it("refuses settings that contradict each other or leave out the database", async () => {
    const root = projectWithBuilds("/flower");
    await expect(resolveWebEnvironment({ ...operator, BLOOM_BASE_PATH: "/other" }, root, log)).rejects.toThrow(/^BLOOM_BASE_PATH: is "\/other" but the URL prefix is "\/flower"/);
    await expect(resolveWebEnvironment({ ...operator, NEXTAUTH_URL: "https://ops.example.com/bloom" }, root, log)).rejects.toThrow(/^NEXTAUTH_URL: its path "\/bloom" must be the URL prefix/);
    await expect(resolveWebEnvironment({ ...operator, DATABASE_URL: undefined }, root, log)).rejects.toThrow(/^DATABASE_URL: the web process needs the database/);
    await expect(resolveWebEnvironment({ ...operator, NEXTAUTH_SECRET: undefined }, root, log)).rejects.toThrow(/^NEXTAUTH_SECRET: /);
  });
});
