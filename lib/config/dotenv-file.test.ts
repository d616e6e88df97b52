import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDotEnvFile } from "./dotenv-file";

describe("loadDotEnvFile", () => {
  it("adds what .env sets and the environment does not, leaving set variables (even blank ones) alone", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "bloom-dotenv-"));
    fs.writeFileSync(path.join(root, ".env"), "BLOOM_URL_PREFIX=/flower\nNEXTAUTH_URL=https://ops.example.com/flower\n# a comment\nDATABASE_URL=postgresql://from-file\nBLOOM_PORT=1\n");
    const env: Record<string, string | undefined> = { DATABASE_URL: "postgresql://from-systemd", BLOOM_PORT: "" };
    expect(loadDotEnvFile(root, env)).toEqual(["BLOOM_URL_PREFIX", "NEXTAUTH_URL"]);
    expect(env).toEqual({ DATABASE_URL: "postgresql://from-systemd", BLOOM_PORT: "", BLOOM_URL_PREFIX: "/flower", NEXTAUTH_URL: "https://ops.example.com/flower" });
  });

  it("does nothing without a .env", () => {
    const env: Record<string, string | undefined> = {};
    expect(loadDotEnvFile(fs.mkdtempSync(path.join(os.tmpdir(), "bloom-dotenv-")), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
