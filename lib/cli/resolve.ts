import { flowerEnvName, normaliseBoolean, OPTIONS, findOption, type OptionSpec } from "@/lib/config/flower-options";
import { fallbackVariables, type SettingSource } from "@/lib/config/setting-sources";
import type { CliValue } from "./args";
import type { ConfAssignment, ConfValue } from "./flower-conf";
import { UsageError } from "./args";

/**
 * Merges the command line, the environment and a flowerconfig.py into Bloom's environment
 * variables. Precedence: command line > environment (BLOOM_* over FLOWER_*) > --conf file >
 * the settings' defaults. (Flower lets its config file override the environment; Bloom
 * follows the twelve-factor order so a deployment's environment always wins over a file.)
 * Pure: the caller reads files and the process environment.
 */

type Env = Readonly<Record<string, string | undefined>>;

export type ConfInput = { label: string; assignments: readonly ConfAssignment[] };

export type Resolution = {
  /** Bloom variables to set for Bloom's processes */
  env: Record<string, string>;
  /** for each variable set, where its value came from */
  sources: Record<string, SettingSource>;
  /** options that were accepted but do not apply to Bloom, one line each */
  notices: string[];
};

type Candidate = { value: string; source: SettingSource };

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** The variables the CLI writes, each once, in table order. */
const TARGETS = [...new Set(OPTIONS.flatMap((option) => (option.target.kind === "env" ? [option.target.env] : [])))];

export function resolveConfiguration(input: { cli: readonly CliValue[]; env: Env; conf?: ConfInput }): Resolution {
  const notices: string[] = [];
  const layers = { cli: new Map<string, Candidate>(), env: new Map<string, Candidate>(), conf: new Map<string, Candidate>() };

  if (input.conf) {
    for (const assignment of input.conf.assignments) {
      const from = `${input.conf.label}:${assignment.line} ${assignment.name}`;
      const option = findOption(assignment.name);
      if (!option || option.target.kind === "cli" || option.name !== assignment.name) {
        throw new UsageError(
          `bloom: ${input.conf.label} line ${assignment.line}: unknown setting \`${assignment.name}\`\nValid settings: ${confNames().join(", ")}`,
        );
      }
      const text = confText(assignment.value, option, `${input.conf.label} line ${assignment.line}`);
      if (text !== null) apply(layers.conf, option, text, { kind: "conf", from }, true);
    }
  }

  for (const option of OPTIONS) {
    if (!option.flowerEnv || option.target.kind === "cli") continue;
    const name = flowerEnvName(option);
    const value = input.env[name];
    if (!isSet(value)) continue;
    apply(layers.env, option, option.flag ? normaliseBoolean(value) : value, { kind: "env", from: name }, false);
  }
  // Bloom's own variables (and PORT) beat any FLOWER_* one.
  for (const target of TARGETS) {
    for (const name of [target, ...fallbackVariables(target).filter((alias) => !alias.startsWith("FLOWER_"))]) {
      const value = input.env[name];
      if (isSet(value)) {
        layers.env.set(target, { value, source: { kind: "env", from: name } });
        break;
      }
    }
  }

  for (const { option, value, spelled } of input.cli) apply(layers.cli, option, value, { kind: "cli", from: spelled }, true);

  const env: Record<string, string> = {};
  const sources: Record<string, SettingSource> = {};
  for (const target of TARGETS) {
    const winner = layers.cli.get(target) ?? layers.env.get(target) ?? layers.conf.get(target);
    if (!winner) continue;
    env[target] = winner.value;
    sources[target] = winner.source;
  }
  return { env, sources, notices };

  function apply(layer: Map<string, Candidate>, option: OptionSpec, raw: string, source: SettingSource & { from: string }, explicit: boolean): void {
    if (option.target.kind === "ignored") {
      const shown = source.kind === "cli" ? `${source.from} ${raw === "true" && option.flag ? "" : raw}`.trim() : source.from;
      notices.push(`bloom: note: ${shown} is accepted but does not apply: ${option.target.why}`);
      return;
    }
    if (option.target.kind !== "env") return;
    // Flower reads an explicitly empty --address as "all interfaces"; blank variables stay unset.
    const text = explicit && raw.trim() === "" && option.emptyMeans !== undefined ? option.emptyMeans : raw;
    const converted = option.target.convert ? option.target.convert(text) : text;
    if (converted === null) return;
    layer.set(option.target.env, { value: converted, source });
  }
}

function confNames(): string[] {
  return OPTIONS.filter((option) => option.target.kind !== "cli").map((option) => option.name);
}

/** A conf value as the text the option would have on the command line; null = None (unset). */
function confText(value: ConfValue, option: OptionSpec, where: string): string | null {
  let text: string;
  if (value === null) return null;
  if (typeof value === "boolean") text = value ? "true" : "false";
  else if (typeof value === "number") text = String(value);
  else if (Array.isArray(value)) text = value.map(String).join(","); // Flower's multiple=True options are comma lists on the command line
  else text = value;
  if (text.includes("\0")) throw new UsageError(`bloom: ${where}: ${option.name} contains a NUL character`);
  return option.flag ? normaliseBoolean(text) : text;
}
