/**
 * The `bloom` command (bin/bloom.mjs loads this through tsx). Exit codes: 0 ok, 2 a usage or
 * configuration mistake (one clear message, no stack trace), otherwise Bloom's own.
 */
import { UsageError } from "./args";
import { CommandError } from "./command-error";
import { selectCommand } from "./commands";

async function main(argv: readonly string[]): Promise<number> {
  try {
    const { command, args } = selectCommand(argv);
    return await command.run({
      args,
      env: process.env,
      cwd: process.cwd(),
      stdin: process.stdin,
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof CommandError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`bloom: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
