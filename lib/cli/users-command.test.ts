import { describe, expect, it } from "vitest";
import { UsageError } from "./args";
import { parseUsersArgs, USERS_USAGE } from "./users-command";

describe("parseUsersArgs", () => {
  it("reads each subcommand with its options", () => {
    expect(parseUsersArgs(["add", "ana", "--role", "admin", "--password-stdin"])).toMatchObject({
      subcommand: "add",
      parsed: { positionals: ["add", "ana"], role: "admin", passwordStdin: true },
    });
    expect(parseUsersArgs(["add", "ana", "--role=viewer", "--email=ana@example.com"]).parsed).toMatchObject({ role: "viewer", email: "ana@example.com", passwordStdin: false });
    expect(parseUsersArgs(["list", "--json"])).toMatchObject({ subcommand: "list", parsed: { json: true } });
    expect(parseUsersArgs(["role", "ana", "admin"])).toMatchObject({ subcommand: "role", parsed: { positionals: ["role", "ana", "admin"] } });
  });

  it("no subcommand, help or --help prints the usage", () => {
    for (const args of [[], ["help"], ["--help"], ["add", "-h"]]) expect(parseUsersArgs(args).subcommand).toBe("help");
    expect(USERS_USAGE).toContain("Exit codes:");
  });

  it("refuses a password on the command line, in either spelling", () => {
    for (const args of [["add", "ana", "--password", "x"], ["passwd", "ana", "--password=x"]]) {
      expect(() => parseUsersArgs(args)).toThrow(/never taken from the command line/);
    }
  });

  it("refuses unknown subcommands and options, wrong arity, and options that do not apply", () => {
    const cases: [string[], RegExp][] = [
      [["delete", "ana"], /unknown subcommand "delete"/],
      [["add", "ana", "--admin"], /Unknown option '--admin'/],
      [["add"], /wrong number of arguments/],
      [["remove", "ana", "bob"], /wrong number of arguments/],
      [["remove", "ana", "--role", "admin"], /--role does not apply here/],
      [["list", "--password-stdin"], /--password-stdin does not apply here/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseUsersArgs(args), args.join(" ")).toThrow(UsageError);
      expect(() => parseUsersArgs(args), args.join(" ")).toThrow(message);
    }
  });
});
