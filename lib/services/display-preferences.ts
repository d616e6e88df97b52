import type { Actor } from "@/lib/auth/actor";
import { loadSettings } from "@/lib/config/settings";
import { findPreferences, mergePreferences } from "@/lib/repositories/user-preferences";
import { displayPreferencesPatch, resolveDisplayPreferences, type DisplayPreferences, type DisplayPreferencesPatch } from "@/lib/schemas/display-preferences";
import { parseTaskColumns } from "@/lib/schemas/task-columns";
import { InvalidParameterError } from "./service-errors";

export type DisplayPreferencesView = DisplayPreferences & { defaults: DisplayPreferences };

/**
 * Whose preferences these are. Stored users by id (a rename keeps them); configured users
 * (BLOOM_BASIC_AUTH, OAuth, OIDC) have no users row, so by the name they sign in with; tokens
 * by their name too (scripts have no display, but the key must not collide with a person's).
 */
export function preferenceKey(actor: Actor): string {
  if (actor.userId) return `user:${actor.userId}`;
  if (actor.kind === "token") return `token:${actor.tokenId ?? actor.name}`;
  return `name:${actor.name}`;
}

/** The deployment's defaults: Flower's tasks_columns and natural_time (BLOOM_TASKS_COLUMNS, BLOOM_NATURAL_TIME). */
export function defaultDisplayPreferences(): DisplayPreferences {
  const settings = loadSettings();
  return { tasksColumns: parseTaskColumns(settings.tasksColumns), timeMode: settings.naturalTime ? "relative" : "absolute" };
}

export async function getDisplayPreferences(actor: Actor): Promise<DisplayPreferencesView> {
  const defaults = defaultDisplayPreferences();
  return { ...resolveDisplayPreferences(await findPreferences(preferenceKey(actor)), defaults), defaults };
}

/**
 * Saves the actor's own choices. Any signed-in person may (a viewer too): it changes only how
 * their own console looks, so it is neither role-checked nor audited.
 */
export async function saveDisplayPreferences(actor: Actor, input: DisplayPreferencesPatch): Promise<DisplayPreferencesView> {
  const parsed = displayPreferencesPatch.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidParameterError(issue?.path.join(".") || "body", issue?.message ?? "is invalid");
  }
  const patch: Record<string, unknown> = {};
  if (parsed.data.tasksColumns !== undefined) patch["tasksColumns"] = parsed.data.tasksColumns === null ? null : parseTaskColumns(parsed.data.tasksColumns);
  if (parsed.data.timeMode !== undefined) patch["timeMode"] = parsed.data.timeMode;
  const defaults = defaultDisplayPreferences();
  const stored = Object.keys(patch).length > 0 ? await mergePreferences(preferenceKey(actor), patch) : await findPreferences(preferenceKey(actor));
  return { ...resolveDisplayPreferences(stored, defaults), defaults };
}
