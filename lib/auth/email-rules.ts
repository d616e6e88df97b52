/**
 * Flower's `--auth` rule for OAuth sign-ins. Like Flower 2: a value containing "|" is a
 * list of exact addresses (`alice@example.com|bob@example.com`); anything else is a regular
 * expression that must match the WHOLE address (`.*@example\.com`), so `example.com.evil.org`
 * does not slip through a prefix match. Addresses compare case-insensitively.
 */
export type EmailRule = { describe: string; allows(email: string): boolean };

export function compileEmailRule(value: string): EmailRule {
  const trimmed = value.trim();
  if (trimmed.includes("|") && !/[\\*+?()[\]{}^$]/.test(trimmed)) {
    const addresses = new Set(trimmed.split("|").map((part) => part.trim().toLowerCase()).filter(Boolean));
    return { describe: `one of ${addresses.size} addresses`, allows: (email) => addresses.has(email.trim().toLowerCase()) };
  }
  const pattern = new RegExp(`^(?:${trimmed})$`, "i");
  return { describe: `matching ${trimmed}`, allows: (email) => pattern.test(email.trim()) };
}
