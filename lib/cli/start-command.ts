import fs from "node:fs";
import path from "node:path";
import { loadAuthSettings } from "@/lib/auth/auth-settings";
import { ConfigError } from "@/lib/config/config-error";
import { encodeSources, SOURCES_ENV, type SettingSource } from "@/lib/config/setting-sources";
import { validateStartupSettings } from "@/lib/config/startup-validation";
import { parseArgs, UsageError, type ParsedArgs } from "./args";
import { ConfSyntaxError, MAX_CONF_BYTES, parseFlowerConf } from "./flower-conf";
import { resolveConfiguration, type ConfInput } from "./resolve";

type Env = Readonly<Record<string, string | undefined>>;

/** Flower reads this file from the working directory when it exists, and so does Bloom. */
export const DEFAULT_CONF_FILE = "flowerconfig.py";

export type StartPlan =
  | { kind: "help" }
  | { kind: "version" }
  /** `env` is the complete environment for Bloom's processes; `notices` go to stderr first */
  | { kind: "start"; env: Record<string, string>; notices: string[] };

/** File access, injectable so the plan is testable without touching the disk. */
export type ReadFile = (file: string) => string;

const readUtf8: ReadFile = (file) => {
  const size = fs.statSync(file).size;
  if (size > MAX_CONF_BYTES) throw new ConfSyntaxError(1, `the file is larger than ${MAX_CONF_BYTES / 1024} KiB`);
  return fs.readFileSync(file, "utf8");
};

/**
 * Everything `bloom start` decides before starting anything: options → Bloom's variables,
 * validated with the same schemas Bloom's processes use. Throws UsageError (with the
 * message to print) for any mistake, naming it as the user wrote it.
 */
export function planStart(args: readonly string[], env: Env, cwd: string, readFile: ReadFile = readUtf8): StartPlan {
  const parsed = parseArgs(args);
  if (parsed.help) return { kind: "help" };
  if (parsed.version) return { kind: "version" };
  const conf = readConf(parsed, env, cwd, readFile);
  const resolution = resolveConfiguration({ cli: parsed.values.filter((value) => value.option.name !== "conf"), env, conf });
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && key !== SOURCES_ENV) childEnv[key] = value;
  Object.assign(childEnv, resolution.env, { [SOURCES_ENV]: encodeSources(resolution.sources) });
  try {
    validateStartupSettings(childEnv);
    // Syntax of the sign-in settings; the start command adds the checks that depend on the
    // auth mode it derives (e.g. a session secret in production).
    loadAuthSettings({ ...childEnv, BLOOM_ENV: "development" });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`bloom: configuration error: ${describeSetting(error.setting, resolution.sources)}: ${error.problem}`);
    throw error;
  }
  const notices = [...resolution.notices];
  if (conf) notices.push(`bloom: read ${conf.assignments.length} setting${conf.assignments.length === 1 ? "" : "s"} from ${conf.label} (as data; it is not executed)`);
  return { kind: "start", env: childEnv, notices };
}

/** "--port (BLOOM_PORT)", "FLOWER_PORT (BLOOM_PORT)", "flowerconfig.py:3 port (BLOOM_PORT)", or the variable itself. */
export function describeSetting(setting: string, sources: Readonly<Record<string, SettingSource>>): string {
  const source = sources[setting];
  if (!source?.from || source.from === setting) return setting;
  return `${source.from} (${setting})`;
}

function readConf(parsed: ParsedArgs, env: Env, cwd: string, readFile: ReadFile): ConfInput | undefined {
  const fromCli = parsed.values.filter((value) => value.option.name === "conf").at(-1);
  const fromEnv = ["BLOOM_CONF", "FLOWER_CONF"].find((name) => (env[name] ?? "").trim() !== "");
  const given = fromCli ? { file: fromCli.value, by: fromCli.spelled } : fromEnv ? { file: env[fromEnv] ?? "", by: fromEnv } : undefined;
  const file = path.resolve(cwd, given?.file ?? DEFAULT_CONF_FILE);
  const label = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Like Flower: a missing default file is fine, a missing named one is a mistake.
    if (!given && code === "ENOENT") return undefined;
    if (error instanceof ConfSyntaxError) throw new UsageError(`bloom: ${label}: ${error.problem}`);
    throw new UsageError(`bloom: ${given?.by ?? "conf"}: cannot read ${file}${code ? ` (${code})` : ""}`);
  }
  try {
    return { label, assignments: parseFlowerConf(text) };
  } catch (error) {
    if (error instanceof ConfSyntaxError) throw new UsageError(`bloom: ${label} line ${error.line}: ${error.problem}`);
    throw error;
  }
}
