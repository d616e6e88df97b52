/** "just now", "5 s ago", "3 min ago", "2 h ago", "4 d ago"; future times (clock skew) read as "just now". */
export function formatAgo(atMs: number, nowMs: number): string {
  const seconds = Math.floor((nowMs - atMs) / 1000);
  if (seconds < 2) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** The server's rendering of a time: UTC, unambiguous, identical on every server. */
export function formatUtc(atMs: number): string {
  return `${new Date(atMs).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Browser-local wall-clock time, "13:45:23". */
export function formatClock(atMs: number): string {
  const d = new Date(atMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Browser-local date and time, "2026-11-23 13:45:23". */
export function formatLocalDateTime(atMs: number): string {
  const d = new Date(atMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(atMs)}`;
}
