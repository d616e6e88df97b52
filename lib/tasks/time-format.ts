/**
 * Task times for people. Absolute times are UTC: the server renders the first paint and the
 * browser hydrates it, so both must print the same string whatever their time zones, and
 * worker logs an admin compares them with are usually UTC too.
 */

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** "2026-11-23 19:34:05" (UTC), or with milliseconds. */
export function formatAbsolute(ms: number, { millis = false }: { millis?: boolean } = {}): string {
  const d = new Date(ms);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return millis ? `${base}.${pad(d.getUTCMilliseconds(), 3)}` : base;
}

const STEPS: readonly [limitSeconds: number, unitSeconds: number, unit: string][] = [
  [60, 1, "s"],
  [3_600, 60, "min"],
  [86_400, 3_600, "h"],
  [Number.POSITIVE_INFINITY, 86_400, "d"],
];

/** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago"; future times (ETA, expiry) read "in 3 min". */
export function formatRelative(ms: number, nowMs: number): string {
  const seconds = Math.round((nowMs - ms) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return "just now";
  const [, unitSeconds, unit] = STEPS.find(([limit]) => abs < limit) ?? STEPS[STEPS.length - 1]!;
  const amount = Math.floor(abs / unitSeconds);
  return seconds >= 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
}

/** A time difference: "+12 ms", "+1.25 s", "+3 min 5 s". */
export function formatDelta(ms: number): string {
  const sign = ms < 0 ? "−" : "+";
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(abs / 60_000);
  if (minutes < 60) return `${sign}${minutes} min ${Math.round((abs % 60_000) / 1000)} s`;
  return `${sign}${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Task runtime in seconds as Celery reports it: "0.004 s", "12.3 s". */
export function formatRuntime(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(3)} s`;
  if (seconds < 600) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
