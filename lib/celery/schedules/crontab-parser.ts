/**
 * Celery's crontab field grammar (celery/schedules.py `crontab_parser` and
 * `crontab._expand_cronspec`), so Bloom expands a field to exactly the numbers Celery would:
 *
 *   groups := expr ("," expr)*     expr := ("*" | number ("-" number)?) ("/" steps)?
 *
 * Numbers may be weekday names ("mon", "tuesday") or month names ("jan", "april"); as in
 * Celery only the first three letters count. Ranges wrap around ("fri-mon", "55-5"), and a
 * step slices the expanded list, wrap included (min 1, "55-5/3" → 55, 58, 1, 4).
 */

export class CrontabParseError extends Error {
  readonly code = "crontab_invalid";
  constructor(message: string) {
    super(message);
    this.name = "CrontabParseError";
  }
}

const WEEKDAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** One field's domain: `size` values from `min` (minute 60/0, hour 24/0, weekday 7/0, day 31/1, month 12/1). */
export type FieldDomain = { size: number; min: number };

export const DOMAINS = {
  minute: { size: 60, min: 0 },
  hour: { size: 24, min: 0 },
  dayOfWeek: { size: 7, min: 0 },
  dayOfMonth: { size: 31, min: 1 },
  monthOfYear: { size: 12, min: 1 },
} as const satisfies Record<string, FieldDomain>;

const RANGE_STEPS = /^(\w+?)-(\w+)\/(\w+)?/;
const RANGE = /^(\w+?)-(\w+)/;
const STAR_STEPS = /^\*\/(\w+)?/;
const PYTHON_INT = /^\s*[+]?\d+(_\d+)*\s*$/;

// celery: Python's int() accepts surrounding spaces and "_" separators; so does this.
function pythonInt(text: string): number | undefined {
  return PYTHON_INT.test(text) ? Number(text.replace(/[\s_+]/g, "")) : undefined;
}

function expandNumber(text: string, domain: FieldDomain): number {
  if (text.startsWith("-")) throw new CrontabParseError("negative numbers not supported");
  let value = pythonInt(text);
  if (value === undefined) {
    const abbreviation = text.trim().slice(0, 3).toLowerCase();
    // celery: Celery >= 5.3 reads month names first, then weekday names, in any field.
    value = MONTHS[abbreviation] ?? WEEKDAYS[abbreviation];
    if (value === undefined) throw new CrontabParseError(`Invalid weekday literal '${text}'.`);
  }
  const max = domain.min + domain.size - 1;
  if (value > max) throw new CrontabParseError(`Invalid end range: ${value} > ${max}.`);
  if (value < domain.min) throw new CrontabParseError(`Invalid beginning range: ${value} < ${domain.min}.`);
  return value;
}

function span(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

function expandRange(from: string, to: string | undefined, domain: FieldDomain): number[] {
  const start = expandNumber(from, domain);
  if (to === undefined) return [start];
  const end = expandNumber(to, domain);
  if (end < start) return [...span(start, domain.min + domain.size - 1), ...span(domain.min, end)];
  return span(start, end);
}

function step(values: number[], stepText: string | undefined): number[] {
  if (!stepText) throw new CrontabParseError("empty filter");
  const every = pythonInt(stepText);
  if (every === undefined || every === 0) throw new CrontabParseError(`invalid step '${stepText}'`);
  return values.filter((_, index) => index % every === 0);
}

function parsePart(part: string, domain: FieldDomain): number[] {
  let m = RANGE_STEPS.exec(part);
  if (m) return step(expandRange(m[1] ?? "", m[2], domain), m[3]);
  m = RANGE.exec(part);
  if (m) return expandRange(m[1] ?? "", m[2], domain);
  m = STAR_STEPS.exec(part);
  if (m) return step(span(domain.min, domain.min + domain.size - 1), m[1]);
  if (part === "*") return span(domain.min, domain.min + domain.size - 1);
  return expandRange(part, undefined, domain);
}

/** Expands a crontab string field ("*\/15", "1-5,30", "mon-fri") to its sorted values. */
export function parseCronField(spec: string, domain: FieldDomain): number[] {
  const values = new Set<number>();
  for (const part of spec.split(",")) {
    if (!part) throw new CrontabParseError("empty part");
    for (const value of parsePart(part, domain)) values.add(value);
  }
  return checked([...values], domain);
}

function checked(values: number[], domain: FieldDomain): number[] {
  for (const value of values) {
    if (!Number.isInteger(value) || value < domain.min || value >= domain.min + domain.size) {
      throw new CrontabParseError(`Invalid crontab pattern. Valid range is ${domain.min}-${domain.min + domain.size - 1}. '${value}' was found.`);
    }
  }
  return values.sort((a, b) => a - b);
}

/**
 * A field as it reaches Bloom: the string Celery was given, or (from a crontab's repr or a
 * RedBeat definition) a number, a Python list/set/tuple of numbers ("[0, 30]", "{0, 30}"),
 * or `range(0, 60, 5)`. Non-strings are taken as the numbers they list, as in Celery.
 */
export function expandCronspec(spec: string | number | readonly number[], domain: FieldDomain): number[] {
  if (typeof spec === "number") return checked([spec], domain);
  if (Array.isArray(spec)) return checked([...new Set(spec as readonly number[])], domain);
  const text = (spec as string).trim();
  const collection = /^[[{(]([\s\S]*)[\]})]$/.exec(text);
  if (collection && text !== "()") return checked([...new Set(numberList(collection[1] ?? ""))], domain);
  if (text === "set()" || text === "()") return checked([], domain);
  const range = /^range\(([^)]*)\)$/.exec(text);
  if (range) return checked(pythonRange(numberList(range[1] ?? "")), domain);
  return parseCronField(spec as string, domain);
}

function numberList(inner: string): number[] {
  return inner
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item) => {
      const value = pythonInt(item);
      if (value === undefined) throw new CrontabParseError(`'${item}' is not a number`);
      return value;
    });
}

function pythonRange(args: number[]): number[] {
  const [a = 0, b, s = 1] = args;
  const [start, stop] = b === undefined ? [0, a] : [a, b];
  if (s <= 0) throw new CrontabParseError("range() step must be positive");
  const out: number[] = [];
  for (let i = start; i < stop; i += s) out.push(i);
  return out;
}
