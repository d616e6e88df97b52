/**
 * Display preferences on real PostgreSQL: the deployment's defaults (Flower's tasks_columns
 * and natural_time settings) until a person chooses, then their own choice, kept per person —
 * configured users by name (they have no users row), stored users by id.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import type { Actor } from "@/lib/auth/actor";
import { getPrisma } from "@/lib/db/client";
import { getDisplayPreferences, preferenceKey, saveDisplayPreferences } from "./display-preferences";
import { InvalidParameterError } from "./service-errors";

const configuredViewer: Actor = { kind: "session", name: "vera", role: "viewer" };
const configuredAdmin: Actor = { kind: "basic", name: "ops", role: "admin" };
const storedUser: Actor = { kind: "session", name: "sam", role: "viewer", userId: "5a0e1f7e-0000-4000-8000-000000000001" };

let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_display_preferences");
  drop = db.drop;
  process.env.DATABASE_URL = db.url;
  process.env.CELERY_BROKER_URL = inject("redisUrl");
});

beforeEach(() => {
  delete process.env.BLOOM_TASKS_COLUMNS;
  delete process.env.BLOOM_NATURAL_TIME;
  delete process.env.FLOWER_NATURAL_TIME;
});

afterAll(async () => {
  await getPrisma().$disconnect();
  await drop?.();
});

describe("display preferences", () => {
  it("starts from Flower's defaults, or from BLOOM_TASKS_COLUMNS and BLOOM_NATURAL_TIME", async () => {
    const flower = await getDisplayPreferences(configuredViewer);
    expect(flower.tasksColumns).toEqual(["name", "uuid", "state", "args", "kwargs", "result", "received", "started", "runtime", "worker"]);
    expect(flower.timeMode).toBe("absolute");

    process.env.BLOOM_TASKS_COLUMNS = "state,name,eta";
    process.env.FLOWER_NATURAL_TIME = "true";
    const configured = await getDisplayPreferences(configuredViewer);
    // The table's order, with the id column that links to the task always there.
    expect(configured.tasksColumns).toEqual(["name", "uuid", "state", "eta"]);
    expect(configured.timeMode).toBe("relative");
    expect(configured.defaults).toEqual({ tasksColumns: ["name", "uuid", "state", "eta"], timeMode: "relative" });
  });

  it("remembers each person's own choice, a viewer's included, by name or by user id", async () => {
    await saveDisplayPreferences(configuredViewer, { tasksColumns: ["name", "state", "queue", "no-such-column"] });
    await saveDisplayPreferences(configuredViewer, { timeMode: "relative" });
    await saveDisplayPreferences(storedUser, { timeMode: "relative" });

    expect(await getDisplayPreferences(configuredViewer)).toMatchObject({ tasksColumns: ["name", "uuid", "state", "queue"], timeMode: "relative" });
    expect(await getDisplayPreferences(configuredAdmin)).toMatchObject({ timeMode: "absolute", tasksColumns: expect.arrayContaining(["args", "worker"]) });
    expect(await getDisplayPreferences(storedUser)).toMatchObject({ timeMode: "relative" });
    // The stored user's row survives a rename: it is keyed by id.
    expect(await getDisplayPreferences({ ...storedUser, name: "samantha" })).toMatchObject({ timeMode: "relative" });

    const rows = await getPrisma().userPreference.findMany({ orderBy: { actorKey: "asc" } });
    expect(rows.map((row) => row.actorKey)).toEqual([preferenceKey(configuredViewer), preferenceKey(storedUser)].sort());
    expect(preferenceKey(configuredViewer)).toBe("name:vera");
    expect(preferenceKey(storedUser)).toBe(`user:${storedUser.userId}`);
  });

  it("goes back to the deployment's default when a choice is reset, keeping the others", async () => {
    const reset = await saveDisplayPreferences(configuredViewer, { tasksColumns: null });
    expect(reset.tasksColumns).toEqual(reset.defaults.tasksColumns);
    expect(reset.timeMode).toBe("relative");
    // The default moves with the setting once nothing is chosen.
    process.env.BLOOM_TASKS_COLUMNS = "uuid,runtime";
    expect((await getDisplayPreferences(configuredViewer)).tasksColumns).toEqual(["uuid", "runtime"]);
  });

  it("refuses what is not a preference", async () => {
    await expect(saveDisplayPreferences(configuredViewer, { timeMode: "sideways" } as never)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(saveDisplayPreferences(configuredViewer, { theme: "dark" } as never)).rejects.toBeInstanceOf(InvalidParameterError);
    expect((await getDisplayPreferences(configuredViewer)).timeMode).toBe("relative");
  });
});
