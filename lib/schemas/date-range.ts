import { z } from "zod";
import { optionalParam } from "./query-params";

/**
 * A time range in a URL: absolute (`from`/`to`, ISO 8601) or relative to now (`range=1h`).
 * A relative range keeps meaning "the last hour" when the link is opened later, which is what
 * an on-call admin wants to share; absolute bounds pin an incident down.
 */
export const RELATIVE_RANGES = {
  "15m": { label: "last 15 min", ms: 15 * 60_000 },
  "1h": { label: "last hour", ms: 3_600_000 },
  "6h": { label: "last 6 hours", ms: 6 * 3_600_000 },
  "24h": { label: "last 24 hours", ms: 86_400_000 },
  "7d": { label: "last 7 days", ms: 7 * 86_400_000 },
  "30d": { label: "last 30 days", ms: 30 * 86_400_000 },
} as const satisfies Record<string, { label: string; ms: number }>;

export type RelativeRange = keyof typeof RELATIVE_RANGES;
export const RELATIVE_RANGE_KEYS = Object.keys(RELATIVE_RANGES) as [RelativeRange, ...RelativeRange[]];

// Date.parse reads "2026-11-23T10:00" as *local* time; the server's zone must not change what
// a link means, so the format is parsed here and a missing zone means UTC.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses an ISO 8601 instant (date, date-time, optional fraction and zone; no zone = UTC). */
export function parseInstant(text: string): Date | null {
  const match = INSTANT.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = match;
  const ms = Number(fraction.padEnd(3, "0").slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  // Date.UTC rolls 2026-02-30 over into March; a date that does not exist is an error instead.
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const offsetMinutes = zone.toUpperCase() === "Z" ? 0 : zoneOffsetMinutes(zone);
  return new Date(utc - offsetMinutes * 60_000);
}

function zoneOffsetMinutes(zone: string): number {
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return zone.startsWith("-") ? -minutes : minutes;
}

export const instantParam = z.string().transform((text, ctx) => {
  const date = parseInstant(text);
  if (date === null) {
    ctx.addIssue({ code: "custom", message: "must be an ISO 8601 date-time, e.g. 2026-11-23T14:05:00Z" });
    return z.NEVER;
  }
  return date;
});

export const dateRangeShape = {
  from: optionalParam(instantParam),
  to: optionalParam(instantParam),
  range: optionalParam(z.enum(RELATIVE_RANGE_KEYS, { error: `must be one of ${RELATIVE_RANGE_KEYS.join(", ")}` })),
};

export type DateRangeInput = { from?: Date; to?: Date; range?: RelativeRange };

/** Checks that belong to the range as a whole; attach with `.superRefine(checkDateRange)`. */
export function checkDateRange(value: DateRangeInput, ctx: z.RefinementCtx): void {
  if (value.range !== undefined && (value.from !== undefined || value.to !== undefined)) {
    ctx.addIssue({ code: "custom", path: ["range"], message: "cannot be combined with from/to" });
  }
  if (value.from !== undefined && value.to !== undefined && value.from.getTime() >= value.to.getTime()) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "must be later than from" });
  }
}

/** Absolute bounds at `now`: `from` inclusive, `to` exclusive. */
export function resolveDateRange(value: DateRangeInput, now: Date): { from?: Date; to?: Date } {
  if (value.range !== undefined) return { from: new Date(now.getTime() - RELATIVE_RANGES[value.range].ms) };
  return { ...(value.from ? { from: value.from } : {}), ...(value.to ? { to: value.to } : {}) };
}
