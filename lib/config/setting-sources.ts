import { z } from "zod";
import { ENV_ALIASES, flowerEnvSynonyms } from "./flower-options";

/**
 * Where each setting's value came from, shown on the config page. The `bloom` CLI knows
 * (it merged the command line, the environment and --conf) and hands its record to Bloom's
 * processes in BLOOM_CONFIG_SOURCES; without it (`npm start`) the environment tells.
 */
export const SOURCES_ENV = "BLOOM_CONFIG_SOURCES";

export type SourceKind = "cli" | "env" | "conf" | "default";
/** `from` is how the user wrote it: "--port", "FLOWER_PORT", "flowerconfig.py:3 port" */
export type SettingSource = { kind: SourceKind; from?: string };

const recorded = z.record(
  z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  z.object({ kind: z.enum(["cli", "env", "conf"]), from: z.string().max(1000) }),
);

export function encodeSources(sources: Readonly<Record<string, SettingSource>>): string {
  return JSON.stringify(sources);
}

type Env = Readonly<Record<string, string | undefined>>;

function recordedSources(env: Env): Record<string, SettingSource> {
  const text = env[SOURCES_ENV];
  if (!text) return {};
  try {
    const parsed = recorded.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** The variables that stand in for `envName` when it is unset, in the order the loaders read them. */
export function fallbackVariables(envName: string): string[] {
  return [...(ENV_ALIASES[envName] ?? []), ...flowerEnvSynonyms().flatMap(([flower, bloom]) => (bloom === envName ? [flower] : []))];
}

/** The raw text in effect for `envName` (its own variable, else an alias), blank = unset. */
export function effectiveRaw(envName: string, env: Env): string | undefined {
  for (const name of [envName, ...fallbackVariables(envName)]) if (isSet(env[name])) return env[name];
  return undefined;
}

export function sourceReader(env: Env): (envName: string) => SettingSource {
  const fromCli = recordedSources(env);
  return (envName) => {
    const known = fromCli[envName];
    if (known) return known;
    for (const name of [envName, ...fallbackVariables(envName)]) if (isSet(env[name])) return { kind: "env", from: name };
    return { kind: "default" };
  };
}
