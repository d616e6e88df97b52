import { crontab } from "./crontab";
import { CrontabParseError } from "./crontab-parser";
import type { Schedule } from "./schedule";
import { isSolarEvent } from "./solar";

/**
 * Reads the `schedule` of a `beat_schedule` entry as a worker's `inspect conf` reply carries
 * it. Celery turns the conf into JSON with `jsonify(..., unknown_type_filter=safe_repr)`, so:
 *
 * - a number of seconds stays a number (`10.0`);
 * - a `timedelta` becomes its str (`"0:00:10"`, `"1 day, 2:00:00"`);
 * - a `crontab` becomes its repr, fields in Celery's order minute, hour, day_of_week,
 *   day_of_month, month_of_year: `"<crontab: *\/5 * * * * (m/h/d/dM/MY)>"` (a field given as a
 *   list keeps its Python spelling: `"<crontab: [0, 30] 8 * * * (m/h/d/dM/MY)>"`);
 * - a `schedule(timedelta)` becomes `"<freq: 10.00 seconds>"` (2 decimals of the largest unit);
 * - a `solar` becomes `"<solar: sunrise at latitude 60, longitude: 30>"`.
 *
 * Anything else (custom schedule classes) is kept as text.
 */
export function parseScheduleValue(value: unknown): Schedule {
  if (typeof value === "number" && Number.isFinite(value)) return { kind: "interval", seconds: Math.max(value, 0), relative: false };
  if (typeof value !== "string") return { kind: "unknown", text: JSON.stringify(value) ?? String(value) };
  const text = value.trim();
  return parseCrontabRepr(text) ?? parseFreqRepr(text) ?? parseSolarRepr(text) ?? parseTimedelta(text) ?? { kind: "unknown", text };
}

/** Splits on blanks outside brackets, so "[0, 30]" stays one field. */
function splitFields(text: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if ("[({".includes(ch)) depth++;
    if ("])}".includes(ch)) depth = Math.max(0, depth - 1);
    if (/\s/.test(ch) && depth === 0) {
      if (current) fields.push(current);
      current = "";
    } else current += ch;
  }
  if (current) fields.push(current);
  return fields;
}

function parseCrontabRepr(text: string): Schedule | null {
  const m = /^<crontab:\s*([\s\S]*?)\s*\(m\/h\/d\/dM\/MY\)>$/.exec(text);
  if (!m) return null;
  const fields = splitFields(m[1] ?? "");
  if (fields.length !== 5) return { kind: "unknown", text };
  const [minute = "*", hour = "*", dayOfWeek = "*", dayOfMonth = "*", monthOfYear = "*"] = fields;
  try {
    return crontab({ minute, hour, dayOfWeek, dayOfMonth, monthOfYear });
  } catch (error) {
    if (error instanceof CrontabParseError) return { kind: "unknown", text };
    throw error;
  }
}

const UNIT_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

function parseFreqRepr(text: string): Schedule | null {
  const m = /^<freq:\s*(.+)>$/.exec(text);
  if (!m) return null;
  const human = (m[1] ?? "").trim();
  if (human === "now") return { kind: "interval", seconds: 0, relative: false };
  const parts = /^([\d.]+)\s+(second|minute|hour|day)s?$/.exec(human);
  if (!parts) return { kind: "unknown", text };
  const seconds = Number(parts[1]) * (UNIT_SECONDS[parts[2] ?? ""] ?? 1);
  return { kind: "interval", seconds: Math.round(seconds * 100) / 100, relative: false };
}

function parseSolarRepr(text: string): Schedule | null {
  const m = /^<solar:\s*(\w+) at latitude (-?[\d.]+), longitude: (-?[\d.]+)>$/.exec(text);
  if (!m) return null;
  const event = m[1] ?? "";
  if (!isSolarEvent(event)) return { kind: "unknown", text };
  return { kind: "solar", event, latitude: Number(m[2]), longitude: Number(m[3]) };
}

/** Python's str(timedelta): "[-]D day[s], H:MM:SS[.ffffff]" or "H:MM:SS[.ffffff]". */
function parseTimedelta(text: string): Schedule | null {
  const m = /^(?:(-?\d+) days?, )?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) return null;
  const seconds = Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) + Number(`0.${m[5] ?? "0"}`);
  return { kind: "interval", seconds: Math.max(seconds, 0), relative: false };
}
