import { parsePythonLiteral } from "@/lib/celery/python-literal";

/**
 * args/kwargs/result for reading. Celery sends them as Python repr strings; where they parse
 * as Python literals they are shown as JSON (indented once they outgrow a line), otherwise
 * exactly as sent (a custom object's repr, saferepr's cut-off `...`). Always plain text: the
 * page renders it as a text node, never as markup.
 */
export type DisplayValue = { text: string; format: "json" | "repr" };

const ONE_LINE = 80;

function asJson(value: unknown): string {
  const compact = JSON.stringify(value);
  return compact.length <= ONE_LINE ? compact : JSON.stringify(value, null, 2);
}

/** `parsed` is the ingest's parse (args_json/kwargs_json) when it has one. */
export function displayValue(repr: string | null, parsed?: unknown): DisplayValue | null {
  if (parsed !== undefined && parsed !== null) return { text: asJson(parsed), format: "json" };
  if (repr === null) return null;
  const attempt = parsePythonLiteral(repr);
  // Scalars read best as Python wrote them ('ok', 5, None); containers gain from JSON's layout.
  if (attempt.ok && typeof attempt.value === "object" && attempt.value !== null) return { text: asJson(attempt.value), format: "json" };
  return { text: repr, format: "repr" };
}
