import { describe, expect, it } from "vitest";
import { loadSettings } from "@/lib/config/settings";
import { MASK } from "@/lib/security/mask-secrets";
import { groupConfs, settingEntries } from "./effective-config";

describe("effective config", () => {
  it("lists every setting with its variable, passwords masked", () => {
    const entries = settingEntries(
      loadSettings({ DATABASE_URL: "postgresql://bloom:hunter2@db:5432/bloom", CELERY_BROKER_URL: "amqp://u:p@rabbit//", BLOOM_MAX_TASKS: "1000" }),
    );
    const byEnv = Object.fromEntries(entries.map((entry) => [entry.env, entry.value]));
    expect(byEnv.DATABASE_URL).toBe(`postgresql://bloom:${MASK}@db:5432/bloom`);
    expect(byEnv.CELERY_BROKER_URL).toBe(`amqp://u:${MASK}@rabbit//`);
    expect(byEnv.BLOOM_MAX_TASKS).toBe(1000);
    expect(byEnv.CELERY_RESULT_BACKEND).toBeNull();
    expect(JSON.stringify(entries)).not.toContain("hunter2");
  });

  it("shows workers with the same conf once, masked", () => {
    const groups = groupConfs([
      { hostname: "a@h", inspectedAt: 1, conf: { broker_url: "redis://:pw@h/0", x: 1, y: 2 } },
      { hostname: "b@h", inspectedAt: 3, conf: { y: 2, x: 1, broker_url: "redis://:pw@h/0" } },
      { hostname: "c@h", inspectedAt: 2, conf: { x: 2 } },
      { hostname: "d@h", inspectedAt: null, conf: null },
    ]);
    expect(groups).toEqual([
      { hostnames: ["a@h", "b@h"], inspectedAt: 3, conf: { broker_url: `redis://:${MASK}@h/0`, x: 1, y: 2 } },
      { hostnames: ["c@h"], inspectedAt: 2, conf: { x: 2 } },
    ]);
  });
});
