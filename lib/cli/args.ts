import { findOption, findShortOption, normaliseBoolean, OPTIONS, type OptionSpec } from "@/lib/config/flower-options";

/**
 * Parses `bloom [start|flower] [options]` the way `celery flower` users type them: both
 * `--name=value` and `--name value`, `--kebab-name` for `--snake_name`, Celery's `-A proj`
 * and `-b URL`, and boolean flags given alone. Pure: no I/O, nothing validated beyond the
 * shape of the command line (values are checked by the settings schemas afterwards).
 */

/** A command-line mistake: `bloom` prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type CliValue = {
  option: OptionSpec;
  /** the value as given (flags normalised to "true"/"false") */
  value: string;
  /** the option as the user typed it, e.g. "--url-prefix" or "-A", for messages */
  spelled: string;
};

export type ParsedArgs = { values: CliValue[]; help: boolean; version: boolean };

/** Bare words tolerated for `celery -A proj flower --port=5555` muscle memory. */
const COMMAND_WORDS = new Set(["flower", "start"]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const values: CliValue[] = [];
  let help = false;
  let version = false;
  let commandWordSeen = false;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] ?? "";
    let option: OptionSpec | undefined;
    let spelled: string;
    let inline: string | undefined;
    if (token.startsWith("--") && token.length > 2) {
      const eq = token.indexOf("=");
      spelled = eq < 0 ? token : token.slice(0, eq);
      inline = eq < 0 ? undefined : token.slice(eq + 1);
      option = findOption(spelled.slice(2));
      if (!option) throw new UsageError(unknownOptionMessage(spelled));
    } else if (/^-[A-Za-z]/.test(token)) {
      // click's short options: `-A proj` or `-Aproj`
      spelled = token.slice(0, 2);
      option = findShortOption(spelled);
      if (!option) throw new UsageError(unknownOptionMessage(spelled));
      if (token.length > 2) inline = token.slice(2);
    } else {
      if (COMMAND_WORDS.has(token) && !commandWordSeen) {
        commandWordSeen = true;
        continue;
      }
      throw new UsageError(
        token === "--"
          ? "bloom: nothing may follow `--` (Bloom takes options only; see bloom --help)"
          : `bloom: unexpected argument ${JSON.stringify(token)}: Bloom takes options only, like --port=5555 (commands come first: bloom <command>; see bloom --help)`,
      );
    }

    let value: string;
    if (option.flag) {
      if (inline !== undefined) {
        value = normaliseBoolean(inline);
      } else {
        // `--persistent True` as well as `--persistent`: take the next word only when it is a boolean
        const next = argv[index + 1];
        const asBoolean = next === undefined ? undefined : normaliseBoolean(next);
        if (asBoolean === "true" || asBoolean === "false") {
          value = asBoolean;
          index++;
        } else {
          value = "true";
        }
      }
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[index + 1];
      if (next === undefined || isOptionLike(next)) {
        throw new UsageError(`bloom: ${spelled} needs a value (${usageOf(option, spelled)})`);
      }
      value = next;
      index++;
    }

    if (option.name === "help") help ||= value === "true";
    else if (option.name === "version") version ||= value === "true";
    else values.push({ option, value, spelled });
  }
  return { values, help, version };
}

/** `--port -1` passes a value; `--port --address x` forgot one. */
function isOptionLike(token: string): boolean {
  return token.startsWith("--") || /^-[A-Za-z]/.test(token);
}

function usageOf(option: OptionSpec, spelled: string): string {
  const metavar = option.metavar ?? "VALUE";
  return spelled.startsWith("--") ? `${spelled}=${metavar} or ${spelled} ${metavar}` : `${spelled} ${metavar}`;
}

/** Every accepted option's main spelling, for error messages. */
export function validOptionList(): string {
  const lines: string[] = [];
  let line = "";
  for (const option of OPTIONS) {
    const item = option.short ? `${option.short}/--${option.name}` : `--${option.name}`;
    if (line !== "" && line.length + item.length > 96) {
      lines.push(`${line},`);
      line = "";
    }
    line = line === "" ? item : `${line}, ${item}`;
  }
  return [...lines, line].join("\n  ");
}

export function unknownOptionMessage(spelled: string): string {
  const suggestion = closestOption(spelled.replace(/^-+/, "").replace(/-/g, "_"));
  return [
    `bloom: unknown option ${spelled}${suggestion ? ` (did you mean --${suggestion}?)` : ""}`,
    `Valid options:\n  ${validOptionList()}`,
    "See bloom --help for what each one does.",
  ].join("\n");
}

function closestOption(name: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const option of OPTIONS) {
    const distance = editDistance(name, option.name);
    if (distance <= Math.max(1, Math.floor(option.name.length / 4)) && (!best || distance < best.distance)) best = { name: option.name, distance };
  }
  return best?.name;
}

/** Optimal string alignment distance: a swapped pair of letters (--prot) counts as one edit. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Number.POSITIVE_INFINITY;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}
