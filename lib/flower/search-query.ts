/**
 * Flower 2.1's `search` parameter (flower/utils/search.py): terms, optionally qualified
 * (`state:FAILURE`, `name:reports`, `worker:w1`, `args:`/`kwargs:`/`result:`), joined by
 * spaces or AND. Bloom answers it from its indexes, so it takes the part of the language
 * those can answer fast over millions of rows:
 * - `state:X` → the state filter (exact, as in Flower);
 * - `name:X` / `worker:X` → the name / worker filter (celery: exact in Bloom, a substring in Flower);
 * - one free-text term (unqualified or args:/kwargs:/result:) → Bloom's search, which looks
 *   in the id, name, args, kwargs, result and exception.
 * OR, parentheses and a second free-text term are refused with a message (400), rather than
 * answered slowly or wrongly.
 */
export type FlowerSearch = { states: string[]; name?: string; worker?: string; text?: string };

export class FlowerSearchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FlowerSearchError";
  }
}

const FIELDS = new Set(["name", "state", "worker", "args", "kwargs", "result"]);
const MAX_QUERY_LENGTH = 2048;
const MIN_SUBSTRING_LENGTH = 3;

type Token = { value: string; quoted: boolean; position: number };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i] ?? "";
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const position = i;
    if (char === "(" || char === ")") throw new FlowerSearchError(`parentheses are not supported by Bloom (position ${position})`);
    let value = "";
    let quoted = false;
    let inQuote = false;
    while (i < query.length) {
      const c = query[i] ?? "";
      if (c === "\\" && (query[i + 1] === '"' || query[i + 1] === "\\")) {
        value += query[i + 1];
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = true;
        inQuote = !inQuote;
        i++;
        continue;
      }
      if (!inQuote && (/\s/.test(c) || c === "(" || c === ")")) break;
      value += c;
      i++;
    }
    if (inQuote) throw new FlowerSearchError(`Unterminated quoted phrase at position ${position}`);
    if (value === "") throw new FlowerSearchError(`Empty search term at position ${position}`);
    tokens.push({ value, quoted, position });
  }
  return tokens;
}

export function parseFlowerSearch(raw: string): FlowerSearch {
  const query = raw.trim();
  if (query.length > MAX_QUERY_LENGTH) throw new FlowerSearchError(`Query exceeds ${MAX_QUERY_LENGTH} characters`);
  const result: FlowerSearch = { states: [] };
  const tokens = tokenize(query);
  tokens.forEach((token, index) => {
    if (!token.quoted && token.value === "AND") {
      if (index === tokens.length - 1 || index === 0) throw new FlowerSearchError(`AND must be followed by a search term at position ${token.position}`);
      return;
    }
    if (!token.quoted && token.value === "OR") throw new FlowerSearchError(`OR is not supported by Bloom (position ${token.position}): send one request per alternative`);
    if (!token.quoted && token.value === "NOT") throw new FlowerSearchError(`NOT is not supported at position ${token.position}`);
    let field: string | undefined;
    let value = token.value;
    const colon = value.indexOf(":");
    if (colon > 0 && FIELDS.has(value.slice(0, colon).toLowerCase())) {
      field = value.slice(0, colon).toLowerCase();
      value = value.slice(colon + 1);
    }
    if (field === undefined && value.startsWith("-")) throw new FlowerSearchError(`Negation with '-' is not supported at position ${token.position}`);
    if (value === "") throw new FlowerSearchError(`Search qualifier requires a value at position ${token.position}`);
    if (field === "state") {
      result.states.push(value.toUpperCase());
      return;
    }
    if (value.trim().length < MIN_SUBSTRING_LENGTH && !(field === "kwargs" && value.includes("="))) {
      throw new FlowerSearchError(`Substring search terms must contain at least ${MIN_SUBSTRING_LENGTH} characters at position ${token.position}`);
    }
    if (field === "name" || field === "worker") {
      if (result[field] !== undefined && result[field] !== value) throw new FlowerSearchError(`${field}: can be given once in Bloom (position ${token.position})`);
      result[field] = value;
      return;
    }
    if (result.text !== undefined) throw new FlowerSearchError(`Bloom searches one text at a time; "${value}" is a second one (position ${token.position})`);
    result.text = value;
  });
  return result;
}
