/**
 * Display formats shared by server and client rendering. Fixed "en" locale: the same
 * string on both sides avoids hydration mismatches, and on-call screenshots read the same.
 */
const INTEGER = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export function formatCount(value: number | null): string {
  return value === null ? "–" : INTEGER.format(value);
}

/** 0..100 → "97.5 %"; one decimal is enough to see a threshold being crossed. */
export function formatPercent(value: number | null): string {
  return value === null ? "–" : `${value >= 99.95 && value < 100 ? "99.9" : value.toFixed(1)} %`;
}

/** Seconds → "4 ms", "1.25 s", "2 min 5 s", "3 h 10 min". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 0.0005) return "< 1 ms";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86_400)} d ${Math.round((seconds % 86_400) / 3600)} h`;
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return "–";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** Tasks per minute: one decimal below 10 so a quiet system does not read as zero. */
export function formatRate(perMinute: number | null): string {
  if (perMinute === null) return "–";
  return `${perMinute < 10 ? perMinute.toFixed(1) : INTEGER.format(perMinute)}/min`;
}
