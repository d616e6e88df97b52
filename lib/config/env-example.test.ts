import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUTH_VARIABLES } from "@/lib/auth/auth-settings";
import { OPTIONS } from "./flower-options";
import { HEALTH_VARIABLES } from "./health-thresholds";
import { fallbackVariables } from "./setting-sources";
import { SETTINGS_VARIABLES } from "./settings";

/**
 * .env.example is the one list of what can be configured: it must name every variable Bloom
 * reads — the zod schemas' keys, the `bloom` CLI's option targets, and anything read from
 * the environment directly in the source — and nothing Bloom does not read.
 */
const projectRoot = path.resolve(import.meta.dirname, "../..");

/** Read from the environment, but not settings a user configures (why, for each). */
const NOT_SETTINGS: Readonly<Record<string, string>> = {
  PATH: "the shell's",
  HOME: "the shell's",
  USER: "the OS user, for audit rows of `bloom users`",
  TZ: "the process time zone, set by tests",
  BLOOM_CONFIG_SOURCES: "internal: the `bloom` CLI tells Bloom's processes where each setting came from",
  SHADOW_DATABASE_URL: "Prisma tooling for developers (prisma migrate dev), not Bloom",
  PRISMA_SCHEMA_ENGINE_BINARY: "set by prisma.config.ts to the offline schema engine",
  SCHEMA_ENGINE_SHIM_DEBUG: "debug output of scripts/schema-engine-wasm.mjs",
  BLOOM_BASE_PATH: "internal: Bloom normalises BLOOM_URL_PREFIX into it for the build and the web process (worker/launcher/web-environment.ts)",
};

function documentedVariables(): Set<string> {
  const text = fs.readFileSync(path.join(projectRoot, ".env.example"), "utf8");
  return new Set([...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] ?? ""));
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", "generated", ".next", "testing"].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !/\.(int\.)?test\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** `process.env.X`, `env.X`, `env?.X`, `env["X"]`, and "BLOOM_X" string literals (names looked up by a variable). */
function variablesReadInSource(): Set<string> {
  const files = [
    ...["lib", "worker", "app", "bin", "scripts"].flatMap((dir) => sourceFiles(path.join(projectRoot, dir))),
    ...["proxy.ts", "next.config.mjs", "prisma.config.ts"].map((file) => path.join(projectRoot, file)).filter((file) => fs.existsSync(file)),
  ];
  const names = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    for (const match of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b|\benv\[\s*["']([A-Z][A-Z0-9_]+)["']\s*\]|["'`](BLOOM_[A-Z0-9_]*[A-Z0-9])["'`]/g)) {
      names.add(match[1] ?? match[2] ?? match[3] ?? "");
    }
  }
  return names;
}

/**
 * PORT for BLOOM_PORT, FLOWER_X for BLOOM_X (the comment at the top of .env.example covers
 * them), and prefixes that documented names are built from (BLOOM_HEALTH_TASK_TIME + _WARNING).
 */
function isAliasOfDocumented(name: string, documented: Set<string>): boolean {
  if (name.startsWith("FLOWER_")) return true;
  if ([...documented].some((variable) => variable.startsWith(`${name}_`))) return true;
  return [...documented].some((variable) => fallbackVariables(variable).includes(name));
}

describe(".env.example", () => {
  const documented = documentedVariables();

  it("documents every variable the settings schemas and the CLI's options read", () => {
    const fromSchemas = [...SETTINGS_VARIABLES, ...AUTH_VARIABLES, ...HEALTH_VARIABLES];
    const fromOptions = OPTIONS.flatMap((option) => (option.target.kind === "env" ? [option.target.env] : []));
    expect(fromSchemas.length).toBeGreaterThan(60);
    const missing = [...new Set([...fromSchemas, ...fromOptions])].filter((name) => !documented.has(name));
    expect(missing, "add these to .env.example").toEqual([]);
  });

  it("documents every variable read directly from the environment in the source", () => {
    const read = variablesReadInSource();
    expect(read).toContain("BLOOM_TRUSTED_PROXIES"); // the scan finds direct reads at all
    const missing = [...read].filter((name) => !documented.has(name) && !(name in NOT_SETTINGS) && !isAliasOfDocumented(name, documented));
    expect(missing, "add these to .env.example, or to NOT_SETTINGS with the reason").toEqual([]);
  });

  it("documents nothing Bloom (or docker-compose.yml) does not read", () => {
    const compose = fs.readFileSync(path.join(projectRoot, "docker-compose.yml"), "utf8");
    const composeVariables = new Set([...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1] ?? ""));
    const known = new Set([
      ...SETTINGS_VARIABLES,
      ...AUTH_VARIABLES,
      ...HEALTH_VARIABLES,
      ...OPTIONS.flatMap((option) => (option.target.kind === "env" ? [option.target.env] : [])),
      ...variablesReadInSource(),
      ...composeVariables,
    ]);
    expect([...documented].filter((name) => !known.has(name)), "stale or misspelt in .env.example").toEqual([]);
  });
});
