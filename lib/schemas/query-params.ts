import { z } from "zod";

/**
 * Query strings as pages and route handlers receive them. Next hands pages a record (a key
 * given twice becomes an array); route handlers get URLSearchParams. Both go through here so
 * a shared link means the same thing to the page and to the API.
 */
export type RawParams = Record<string, string | string[] | undefined>;

export type ParamProblem = { param: string; message: string };

export function rawParamsFrom(input: URLSearchParams | RawParams): RawParams {
  if (!(input instanceof URLSearchParams)) return input;
  const out: RawParams = {};
  for (const key of new Set(input.keys())) {
    const values = input.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** Forms submit empty fields as `?q=`; an empty value means "not set", not "match nothing". */
function blankToUndefined(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}

/** An optional single-valued parameter. */
export function optionalParam<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}

/**
 * A parameter that may repeat or hold a comma-separated list (`?state=FAILURE&state=RETRY`
 * or `?state=FAILURE,RETRY`): both spellings are common in consoles people copy links from.
 */
export function listParam<T extends z.ZodType<string>>(item: T, maxItems: number) {
  return z.preprocess(
    (value) => {
      const parts = (Array.isArray(value) ? value : typeof value === "string" ? [value] : [])
        .flatMap((part) => (typeof part === "string" ? part.split(",") : []))
        .map((part) => part.trim())
        .filter((part) => part !== "");
      return parts.length === 0 ? undefined : [...new Set(parts)];
    },
    z.array(item).max(maxItems, `at most ${maxItems} values`).optional(),
  );
}

function problemFrom(issue: z.core.$ZodIssue): ParamProblem {
  const param = String(issue.path[0] ?? "query");
  return { param, message: issue.message };
}

function repeatedSingles(raw: RawParams, multi: readonly string[]): string[] {
  return Object.entries(raw)
    .filter(([key, value]) => Array.isArray(value) && !multi.includes(key))
    .map(([key]) => key);
}

export type StrictParse<T> = { ok: true; data: T } | { ok: false; problem: ParamProblem };

/** For APIs: the first problem fails the request, and the answer names the parameter. */
export function parseParamsStrict<T extends z.ZodType>(schema: T, raw: RawParams, multi: readonly string[] = []): StrictParse<z.output<T>> {
  const repeated = repeatedSingles(raw, multi)[0];
  if (repeated !== undefined) return { ok: false, problem: { param: repeated, message: "must be given once" } };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: issue ? problemFrom(issue) : { param: "query", message: "invalid" } };
}

/**
 * For pages: a bad parameter is dropped and reported, the rest still applies, so a stale
 * bookmark shows a notice and data instead of an error page.
 */
export function parseParamsLenient<T extends z.ZodType>(schema: T, raw: RawParams, multi: readonly string[] = []): { data: z.output<T>; ignored: ParamProblem[] } {
  const ignored: ParamProblem[] = [];
  const current: RawParams = { ...raw };
  for (const key of repeatedSingles(raw, multi)) {
    const values = current[key];
    current[key] = Array.isArray(values) ? values.at(-1) : values;
  }
  // Each round drops at least one parameter, so this ends; the final parse has no input left to fail on.
  for (let round = 0; round <= Object.keys(raw).length; round++) {
    const parsed = schema.safeParse(current);
    if (parsed.success) return { data: parsed.data, ignored };
    const failing = new Set<string>();
    for (const issue of parsed.error.issues) {
      const problem = problemFrom(issue);
      if (!failing.has(problem.param)) ignored.push(problem);
      failing.add(problem.param);
    }
    if (failing.has("query")) break;
    for (const key of failing) delete current[key];
  }
  return { data: schema.parse({}), ignored };
}
