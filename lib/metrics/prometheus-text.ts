/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests and checks: it
 * refuses anything a Prometheus server would refuse or silently misread (samples without a
 * TYPE, malformed names, labels or values, repeated series, histograms whose buckets are not
 * cumulative or do not end at +Inf = _count).
 */
export type PromSample = { name: string; labels: Record<string, string>; value: number };
export type PromFamily = { name: string; type: string; help: string; samples: PromSample[] };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

export class PromParseError extends Error {
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "PromParseError";
  }
}

export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const seen = new Set<string>();
  const lines = text.split("\n");
  if (lines.at(-1) !== "") throw new PromParseError(lines.length, "the text must end with a newline");
  lines.forEach((line, index) => {
    const at = index + 1;
    if (line.trim() === "") return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = "", rest = ""] = meta;
      if (!NAME.test(name)) throw new PromParseError(at, `bad metric name ${name}`);
      const family = families.get(name) ?? { name, type: "", help: "", samples: [] };
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new PromParseError(at, `bad type ${rest}`);
        if (family.type !== "") throw new PromParseError(at, `second TYPE for ${name}`);
        if (family.samples.length > 0) throw new PromParseError(at, `TYPE after samples of ${name}`);
        family.type = rest;
      } else {
        family.help = unescape(rest, at, false);
      }
      families.set(name, family);
      return;
    }
    if (line.startsWith("#")) return;
    const sample = parseSample(line, at);
    const family = familyOf(sample.name, families);
    if (!family || family.type === "") throw new PromParseError(at, `sample ${sample.name} has no TYPE line before it`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new PromParseError(at, `series repeated: ${line}`);
    seen.add(key);
    family.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

function familyOf(sampleName: string, families: Map<string, PromFamily>): PromFamily | undefined {
  const direct = families.get(sampleName);
  if (direct) return direct;
  const match = /^(.*)_(bucket|sum|count)$/.exec(sampleName);
  const family = match?.[1] ? families.get(match[1]) : undefined;
  return family && (family.type === "histogram" || family.type === "summary") ? family : undefined;
}

function parseSample(line: string, at: number): PromSample {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line);
  if (!match) throw new PromParseError(at, `not a sample: ${line}`);
  const [, name = "", , body = "", rawValue = ""] = match;
  return { name, labels: parseLabels(body, at), value: parseValue(rawValue, at) };
}

function parseLabels(body: string, at: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = body;
  while (rest !== "") {
    const head = /^([^=]+)="/.exec(rest);
    if (!head?.[1] || !LABEL_NAME.test(head[1])) throw new PromParseError(at, `bad label in {${body}}`);
    let i = head[0].length;
    let raw = "";
    for (; i < rest.length; i++) {
      const char = rest[i];
      if (char === "\\") {
        raw += rest.slice(i, i + 2);
        i++;
      } else if (char === '"') break;
      else raw += char;
    }
    if (i >= rest.length) throw new PromParseError(at, `unterminated label value in {${body}}`);
    if (head[1] in labels) throw new PromParseError(at, `label ${head[1]} given twice`);
    labels[head[1]] = unescape(raw, at, true);
    rest = rest.slice(i + 1);
    if (rest.startsWith(",")) rest = rest.slice(1);
    else if (rest !== "") throw new PromParseError(at, `expected "," between labels in {${body}}`);
  }
  return labels;
}

function unescape(text: string, at: number, quotes: boolean): string {
  return text.replace(/\\(.)/g, (whole, char: string) => {
    if (char === "\\") return "\\";
    if (char === "n") return "\n";
    if (quotes && char === '"') return '"';
    throw new PromParseError(at, `bad escape ${whole}`);
  });
}

function parseValue(raw: string, at: number): number {
  if (raw === "+Inf") return Infinity;
  if (raw === "-Inf") return -Infinity;
  if (raw === "NaN" || raw === "Nan") return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new PromParseError(at, `bad value ${raw}`);
  return Number(raw);
}

function checkHistogram(family: PromFamily): void {
  const series = new Map<string, { buckets: { le: number; value: number }[]; count?: number; sum?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name === `${family.name}_bucket`) {
      if (le === undefined) throw new PromParseError(0, `${family.name}_bucket without le`);
      entry.buckets.push({ le: parseValue(le, 0), value: sample.value });
    } else if (sample.name === `${family.name}_count`) entry.count = sample.value;
    else if (sample.name === `${family.name}_sum`) entry.sum = sample.value;
    else throw new PromParseError(0, `${sample.name} is not part of histogram ${family.name}`);
  }
  for (const [key, entry] of series) {
    const ordered = [...entry.buckets].sort((a, b) => a.le - b.le);
    if (ordered.at(-1)?.le !== Infinity) throw new PromParseError(0, `${family.name}${key}: no +Inf bucket`);
    ordered.forEach((bucket, i) => {
      if (i > 0 && bucket.value < (ordered[i - 1]?.value ?? 0)) throw new PromParseError(0, `${family.name}${key}: buckets are not cumulative`);
    });
    if (entry.count === undefined || entry.sum === undefined) throw new PromParseError(0, `${family.name}${key}: _count or _sum missing`);
    if (ordered.at(-1)?.value !== entry.count) throw new PromParseError(0, `${family.name}${key}: +Inf bucket differs from _count`);
  }
}
