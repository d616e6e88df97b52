import { defaultDb, type Db } from "./db";

/** The stored preferences object of one actor key; undefined when there is no row. */
export async function findPreferences(actorKey: string, db: Db = defaultDb()): Promise<unknown> {
  const row = await db.userPreference.findUnique({ where: { actorKey }, select: { preferences: true } });
  return row?.preferences ?? undefined;
}

/**
 * Merges `patch` into the stored object in one statement (`||`, top-level keys), so two tabs
 * saving different settings at once cannot undo each other; a key set to null means "back
 * to the default".
 */
export async function mergePreferences(actorKey: string, patch: Record<string, unknown>, db: Db = defaultDb()): Promise<unknown> {
  const json = JSON.stringify(patch);
  const rows = await db.$queryRaw<{ preferences: unknown }[]>`
    INSERT INTO user_preferences (actor_key, preferences, updated_at)
    VALUES (${actorKey}, ${json}::jsonb, now())
    ON CONFLICT (actor_key) DO UPDATE SET preferences = user_preferences.preferences || EXCLUDED.preferences, updated_at = now()
    RETURNING preferences`;
  return rows[0]?.preferences;
}
