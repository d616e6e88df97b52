/**
 * Scope patterns: a comma-separated list of globs ("reports.*, billing.export"), `*` any run
 * of characters and `?` one character, matched against the whole name, case-sensitively
 * (Celery task, queue and host names are case-sensitive). An empty pattern matches all.
 */
export function parsePattern(pattern: string | null | undefined): RegExp[] {
  if (!pattern) return [];
  return pattern
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s"));
}

export function makeMatcher(pattern: string | null | undefined): (name: string) => boolean {
  const globs = parsePattern(pattern);
  if (globs.length === 0) return () => true;
  return (name) => globs.some((glob) => glob.test(name));
}

/** A SQL LIKE pattern per glob (for queries that must not read every row), `\` escaping. */
export function likePatterns(pattern: string | null | undefined): string[] {
  if (!pattern) return ["%"];
  const parts = pattern
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) return ["%"];
  return parts.map((glob) => glob.replace(/[\\%_]/g, "\\$&").replace(/\*/g, "%").replace(/\?/g, "_"));
}
