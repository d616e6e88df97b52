/**
 * Parses retention-style durations: "30d", "12h", "90m", "45s", "2w", or a number of seconds.
 * "0", "off" and "never" mean "no limit" (null). Returns undefined when unparseable.
 */
export function parseDurationSeconds(text: string): number | null | undefined {
  const value = text.trim().toLowerCase();
  if (value === "0" || value === "off" || value === "never") return null;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?$/.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[(match[2] ?? "s") as "s" | "m" | "h" | "d" | "w"];
  const seconds = amount * unit;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
