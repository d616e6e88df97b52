import os from "node:os";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { systemActor, type Actor } from "@/lib/auth/actor";
import { getPrisma } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { createUserInput, passwordSchema, roleSchema, usernameSchema } from "@/lib/schemas/users";
import { addUser, changeRole, listAccessUsers, removeUser, setUserPassword, type UserView } from "@/lib/services/access";
import { UsageError } from "./args";
import { CommandError } from "./command-error";
import { resolveCommandDatabase } from "./database";
import { promptNewPassword, readPasswordFromStream, type TerminalInput } from "./password-input";

/**
 * `bloom users add|passwd|role|remove|list`: stored users from the command line, through the
 * same services (and audit log) as the Access page, acting as `cli:<OS user>`. Made for the
 * first admin of a production install, which refuses to start until someone could sign in.
 */

/** Exit codes beyond 0/1/2 (README "The `bloom` command"). */
export const EXIT_NO_SUCH_USER = 3;
export const EXIT_CONFLICT = 4;

export const USERS_USAGE = `Usage:
  bloom users list [--json]
  bloom users add NAME [--role admin|viewer] [--email ADDRESS] [--password-stdin]
  bloom users passwd NAME [--password-stdin]
  bloom users role NAME admin|viewer
  bloom users remove NAME

Passwords are asked for on the terminal (not shown) or read from standard input with
--password-stdin (one line); never from the command line, where \`ps\` shows them to everyone.
New users are viewers unless --role admin. Needs DATABASE_URL, or a running \`npm start\`
(its embedded PostgreSQL). Changes are audited as cli:<your OS user name>.
Exit codes: 0 done; 1 database unreachable or another failure; 2 usage mistake or invalid
input (e.g. a password under 8 characters); 3 no such user; 4 conflict (name taken, last admin).
`;

type Io = {
  env: Readonly<Record<string, string | undefined>>;
  stdin: TerminalInput;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
};

type Parsed = { positionals: string[]; role?: string; email?: string; passwordStdin: boolean; json: boolean; help: boolean };

const SUBCOMMANDS = ["list", "add", "passwd", "role", "remove"] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

export function parseUsersArgs(args: readonly string[]): { subcommand: Subcommand | "help"; parsed: Parsed } {
  if (args.some((arg) => arg === "--password" || arg.startsWith("--password="))) {
    throw new UsageError("bloom users: passwords are never taken from the command line (`ps` shows them to every user); type it at the prompt or pipe it with --password-stdin");
  }
  let values;
  try {
    values = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: "string" },
        email: { type: "string" },
        "password-stdin": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`bloom users: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n\n${USERS_USAGE}`);
  }
  const parsed: Parsed = {
    positionals: values.positionals,
    role: values.values.role,
    email: values.values.email,
    passwordStdin: values.values["password-stdin"],
    json: values.values.json,
    help: values.values.help,
  };
  const [first] = parsed.positionals;
  if (parsed.help || first === undefined || first === "help") return { subcommand: "help", parsed };
  if (!(SUBCOMMANDS as readonly string[]).includes(first)) throw new UsageError(`bloom users: unknown subcommand ${JSON.stringify(first)} (one of ${SUBCOMMANDS.join(", ")})\n\n${USERS_USAGE}`);
  const subcommand = first as Subcommand;
  const expected = { list: 1, add: 2, passwd: 2, role: 3, remove: 2 }[subcommand];
  if (parsed.positionals.length !== expected) throw new UsageError(`bloom users ${subcommand}: wrong number of arguments\n\n${USERS_USAGE}`);
  const allowed: Record<Subcommand, readonly (keyof Parsed)[]> = {
    list: ["json"],
    add: ["role", "email", "passwordStdin"],
    passwd: ["passwordStdin"],
    role: [],
    remove: [],
  };
  for (const [option, flag] of [["role", "--role"], ["email", "--email"], ["passwordStdin", "--password-stdin"], ["json", "--json"]] as const) {
    const given = option === "passwordStdin" || option === "json" ? parsed[option] : parsed[option] !== undefined;
    if (given && !allowed[subcommand].includes(option)) throw new UsageError(`bloom users ${subcommand}: ${flag} does not apply here\n\n${USERS_USAGE}`);
  }
  return { subcommand, parsed };
}

/** zod's verdict on one value, as `bloom users: password must be at least 8 characters`. */
function valid<T extends z.ZodType>(schema: T, value: unknown, label: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`bloom users: ${label} ${result.error.issues[0]?.message ?? "is invalid"}`);
  return result.data;
}

function cliActor(env: Io["env"]): Actor {
  let name: string;
  try {
    name = os.userInfo().username;
  } catch {
    // a container user with no /etc/passwd entry
    name = env.USER ?? `uid ${process.getuid?.() ?? "?"}`;
  }
  return systemActor(`cli:${name}`);
}

export async function runUsers(args: readonly string[], io: Io): Promise<number> {
  const { subcommand, parsed } = parseUsersArgs(args);
  if (subcommand === "help") {
    io.stdout(USERS_USAGE);
    return 0;
  }
  const name = parsed.positionals[1];
  // Everything that can be checked without the database is checked first.
  const username = name === undefined ? undefined : valid(usernameSchema, name, "user name");
  const role = subcommand === "role" ? valid(roleSchema, parsed.positionals[2], "role") : parsed.role === undefined ? undefined : valid(roleSchema, parsed.role, "--role");
  if (parsed.email !== undefined) valid(createUserInput.shape.email, parsed.email, "--email");
  const piped = parsed.passwordStdin ? valid(passwordSchema, await readPasswordFromStream(io.stdin), "password") : undefined;

  const databaseUrl = await resolveCommandDatabase("users", io.env);
  // The services reach Postgres through the process-wide client, which reads DATABASE_URL.
  process.env.DATABASE_URL = databaseUrl;
  const actor = cliActor(io.env);
  try {
    if (subcommand === "list") {
      const users = await listAccessUsers(actor);
      io.stdout(parsed.json ? `${JSON.stringify(users.map(publicFields), null, 2)}\n` : formatTable(users));
      return 0;
    }
    const existing = (await listAccessUsers(actor)).find((user) => user.username === username);
    if (subcommand === "add") {
      if (existing) throw new CommandError(`bloom users: user "${username}" already exists (change its password with \`bloom users passwd ${username}\`)`, EXIT_CONFLICT);
      const password = piped ?? valid(passwordSchema, await promptNewPassword(io.stdin, io.stderr), "password");
      const input = valid(createUserInput, { username, password, role, email: parsed.email }, "user");
      const user = await addUser(actor, input);
      io.stdout(`added ${user.role} ${user.username}\n`);
      return 0;
    }
    if (!existing) throw new CommandError(`bloom users: no stored user "${username}" (see \`bloom users list\`; users from BLOOM_BASIC_AUTH or OAuth are not stored users)`, EXIT_NO_SUCH_USER);
    if (subcommand === "passwd") {
      const password = piped ?? valid(passwordSchema, await promptNewPassword(io.stdin, io.stderr), "password");
      await setUserPassword(actor, { userId: existing.id, password });
      io.stdout(`password of ${existing.username} changed\n`);
      return 0;
    }
    if (subcommand === "role") {
      const updated = await changeRole(actor, { userId: existing.id, role: role ?? "viewer" });
      io.stdout(`${updated.username} is now ${updated.role}\n`);
      return 0;
    }
    await removeUser(actor, { userId: existing.id });
    io.stdout(`removed ${existing.username}\n`);
    return 0;
  } catch (error) {
    if (error instanceof HttpError) {
      const code = error.status === 404 ? EXIT_NO_SUCH_USER : error.status === 409 ? EXIT_CONFLICT : 1;
      throw new CommandError(`bloom users: ${error.message}`, code);
    }
    throw error;
  } finally {
    await getPrisma().$disconnect();
  }
}

function publicFields(user: UserView) {
  return {
    username: user.username,
    role: user.role,
    email: user.email,
    disabled: user.disabled,
    source: user.authSource,
    hasPassword: user.hasPassword,
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

function formatTable(users: readonly UserView[]): string {
  // BLOOM_BASIC_AUTH / FLOWER_ADMIN_* users live in the environment, not in the database.
  if (users.length === 0) return "no stored users\n";
  const rows = [
    ["NAME", "ROLE", "SOURCE", "STATUS", "LAST SIGN-IN"],
    ...users.map((user) => [user.username, user.role, user.authSource, user.disabled ? "disabled" : "active", user.lastSignInAt?.toISOString() ?? "never"]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd()).join("\n") + "\n";
}
