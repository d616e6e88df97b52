/**
 * A configuration problem the user must fix. Start-up prints `message` as one line and
 * exits; no stack trace, because the fix is in the user's settings, not in Bloom.
 */
export class ConfigError extends Error {
  constructor(
    /** the setting at fault, as the user spells it (env var or CLI flag) */
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`${setting}: ${problem}`);
    this.name = "ConfigError";
  }
}
