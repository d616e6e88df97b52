import { flowerEnvName, OPTIONS, type OptionGroup, type OptionSpec } from "@/lib/config/flower-options";
import { BLOOM_DEFAULTS } from "@/lib/config/settings";

const GROUP_TITLES: Record<OptionGroup, string> = {
  server: "Web server",
  broker: "Broker and workers",
  auth: "Sign-in",
  tasks: "Tasks",
  logging: "Logging",
  bloom: "Bloom's own settings",
  celery: "Celery's options (as in `celery -A proj -b URL flower`)",
  cli: "This command",
};

/** Defaults of variables the sign-in code owns, as they behave at start-up. */
const OTHER_DEFAULTS: Readonly<Record<string, string>> = {
  NEXTAUTH_SECRET: "generated once in development; required in production",
};

export type HelpCommand = { name: string; summary: string };

/** `bloom --help`: every option, grouped, with the variables that set it and its default. */
export function helpText(commands: readonly HelpCommand[]): string {
  const out: string[] = [
    "Usage: bloom [command] [options]",
    "",
    "Runs Bloom (web console + ingest worker), a persistent, Flower-compatible console for Celery.",
    "Takes Flower's options (--name=value or --name value; --kebab-case works too), Celery's",
    "-A/-b, the FLOWER_* environment variables and a flowerconfig.py (read as data, never run).",
    "Precedence: command line > environment (BLOOM_* over FLOWER_*) > --conf file > defaults.",
    "",
    "Commands:",
    ...commands.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`),
  ];
  for (const group of Object.keys(GROUP_TITLES) as OptionGroup[]) {
    out.push("", `${GROUP_TITLES[group]}:`);
    for (const option of OPTIONS.filter((candidate) => candidate.group === group)) out.push(...describeOption(option));
  }
  out.push(
    "",
    "Only in the environment: BLOOM_HEALTH_* (dashboard thresholds), LOG_FORMAT, BLOOM_ENV and the",
    "other sign-in variables; README.md \"Configuration\" lists them all.",
  );
  return `${out.join("\n")}\n`;
}

function describeOption(option: OptionSpec): string[] {
  const spelling = `${option.short ? `${option.short}, ` : ""}--${option.name}${option.metavar ? `=${option.metavar}` : ""}`;
  const lines = [`  ${spelling}`, `      ${option.help}`];
  const details: string[] = [];
  if (option.target.kind === "env") {
    const variables = [option.target.env, ...(option.flowerEnv ? [flowerEnvName(option)] : [])];
    details.push(`env ${variables.join(", ")}`);
    const fallback = BLOOM_DEFAULTS[option.target.env] ?? OTHER_DEFAULTS[option.target.env];
    details.push(`default ${fallback ?? "unset"}`);
  } else if (option.target.kind === "ignored") {
    details.push(`accepted, not applicable: ${option.target.why}`);
    if (option.flowerEnv) details.push(`env ${flowerEnvName(option)}`);
  } else if (option.name === "conf") {
    details.push("env BLOOM_CONF, FLOWER_CONF; default ./flowerconfig.py when it exists, like Flower");
  }
  if (option.flowerDefault && option.name !== "conf") details.push(`Flower's default ${option.flowerDefault}`);
  if (details.length > 0) lines.push(`      (${details.join("; ")})`);
  return lines;
}
