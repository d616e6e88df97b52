/**
 * A failure the user can act on: `bloom` prints the message alone (no stack trace) and exits
 * with `exitCode`. UsageError (args.ts) is the special case of exit code 2.
 */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "CommandError";
  }
}
