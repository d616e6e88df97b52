import { describe, expect, it } from "vitest";
import { loadSettings } from "@/lib/config/settings";
import { encodeSources, sourceReader, SOURCES_ENV } from "@/lib/config/setting-sources";
import { MASK } from "@/lib/security/mask-secrets";
import { settingEntries } from "./effective-config";

describe("effective config: Flower's settings and where values came from", () => {
  it("shows the new settings with their variables and sources", () => {
    const env = {
      BLOOM_PORT: "5600",
      BLOOM_URL_PREFIX: "flower",
      BLOOM_TASKS_COLUMNS: "name,state",
      FLOWER_NATURAL_TIME: "true",
      BLOOM_BROKER_API: "http://guest:hunter2@rabbit:15672/api/",
      [SOURCES_ENV]: encodeSources({ BLOOM_PORT: { kind: "cli", from: "--port" }, BLOOM_URL_PREFIX: { kind: "conf", from: "flowerconfig.py:1 url_prefix" } }),
    };
    const entries = settingEntries(loadSettings(env), sourceReader(env));
    const byEnv = Object.fromEntries(entries.map((entry) => [entry.env, entry]));
    expect(byEnv.BLOOM_PORT).toMatchObject({ value: 5600, source: { kind: "cli", from: "--port" } });
    expect(byEnv.BLOOM_URL_PREFIX).toMatchObject({ value: "/flower", source: { kind: "conf", from: "flowerconfig.py:1 url_prefix" } });
    expect(byEnv.BLOOM_TASKS_COLUMNS).toMatchObject({ value: ["name", "state"], source: { kind: "env", from: "BLOOM_TASKS_COLUMNS" } });
    expect(byEnv.BLOOM_NATURAL_TIME).toMatchObject({ value: true, source: { kind: "env", from: "FLOWER_NATURAL_TIME" } });
    expect(byEnv.BLOOM_BROKER_API?.value).toBe(`http://guest:${MASK}@rabbit:15672/api/`);
    expect(byEnv.BLOOM_READ_ONLY).toMatchObject({ value: false, source: { kind: "default" } });
    expect(JSON.stringify(entries)).not.toContain("hunter2");
  });
});
