import fs from "node:fs";
import path from "node:path";
import { UsageError } from "./args";
import { helpText } from "./help";
import { runMigrate } from "./migrate-command";
import type { TerminalInput } from "./password-input";
import { runBloom } from "./run-bloom";
import { planStart } from "./start-command";
import { runUsers } from "./users-command";

/**
 * `bloom <command>`: the table of commands. The default is `start`, so `bloom --port=5555`
 * behaves like `celery flower --port=5555`. A new command (e.g. `users`, `migrate`) is one
 * more row: it receives the words after its name and returns the exit code.
 */
export type CommandContext = {
  args: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** process.stdin: `bloom users` prompts on it (a TTY) or reads --password-stdin from it */
  stdin: TerminalInput;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

export type Command = { summary: string; run: (context: CommandContext) => Promise<number> };

export const DEFAULT_COMMAND = "start";

export const COMMANDS: Record<string, Command> = {
  start: {
    summary: "run Bloom: web console and ingest worker (the default; `flower` works too)",
    run: async (context) => {
      const plan = planStart(context.args, context.env, context.cwd);
      if (plan.kind === "help") return printHelp(context);
      if (plan.kind === "version") return printVersion(context);
      for (const notice of plan.notices) context.stderr(`${notice}\n`);
      return runBloom(plan.env);
    },
  },
  migrate: {
    summary: "apply pending database migrations and exit (safe from several replicas at once)",
    run: (context) => runMigrate(context.args, context),
  },
  users: {
    summary: "manage stored users: users add|passwd|role|remove|list (see bloom users --help)",
    run: (context) => runUsers(context.args, context),
  },
  help: { summary: "show this help", run: async (context) => printHelp(context) },
};

/** Words `celery flower` users type where Bloom's command goes; the start parser skips them. */
const START_WORDS = new Set(["flower"]);

/** `bloom users add ...` → users; options first (or nothing) → start. */
export function selectCommand(argv: readonly string[]): { name: string; command: Command; args: readonly string[] } {
  const first = argv[0];
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return { name: first, command: COMMANDS[first]!, args: argv.slice(1) };
  if (first !== undefined && !first.startsWith("-") && !START_WORDS.has(first)) {
    throw new UsageError(`bloom: unknown command ${JSON.stringify(first)} (commands: ${Object.keys(COMMANDS).join(", ")}; see bloom --help)`);
  }
  return { name: DEFAULT_COMMAND, command: COMMANDS[DEFAULT_COMMAND]!, args: argv };
}

function printHelp(context: CommandContext): number {
  context.stdout(helpText(Object.entries(COMMANDS).map(([name, command]) => ({ name, summary: command.summary }))));
  return 0;
}

function printVersion(context: CommandContext): number {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8"));
  const version = typeof manifest === "object" && manifest !== null && "version" in manifest ? String(manifest.version) : "unknown";
  context.stdout(`bloom ${version}\n`);
  return 0;
}
