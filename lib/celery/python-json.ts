import type { JsonValue } from "./json-value";

export type PythonJsonResult = { ok: true; value: JsonValue } | { ok: false; detail: string };

/**
 * JSON.parse, plus the one dialect difference that matters for Celery traffic: Python's `json`
 * module (used by kombu) writes float('nan') / float('inf') as bare `NaN`, `Infinity`,
 * `-Infinity`, which JSON.parse rejects. Rejecting would lose every event of a `task.multi`
 * list because of one field, so those tokens become null instead.
 */
export function parsePythonJson(text: string): PythonJsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (!/NaN|Infinity/.test(text)) return { ok: false, detail };
    const replaced = replaceNonFiniteTokens(text);
    if (replaced === text) return { ok: false, detail };
    try {
      return { ok: true, value: JSON.parse(replaced) as JsonValue };
    } catch {
      return { ok: false, detail };
    }
  }
}

/** Rewrites NaN / Infinity / -Infinity outside string literals to null (one linear scan). */
function replaceNonFiniteTokens(text: string): string {
  const parts: string[] = [];
  let copyFrom = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    let token: string | null = null;
    if (text.startsWith("NaN", i)) token = "NaN";
    else if (text.startsWith("Infinity", i)) token = "Infinity";
    else if (text.startsWith("-Infinity", i)) token = "-Infinity";
    if (token !== null) {
      parts.push(text.slice(copyFrom, i), "null");
      i += token.length - 1;
      copyFrom = i + 1;
    }
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(copyFrom));
  return parts.join("");
}
