/**
 * Reads a flowerconfig.py as data. Flower `exec`s the file; Bloom never runs it: it accepts
 * only `name = value` lines whose value is a Python literal — a string, a number, True,
 * False, None, or a list/tuple of strings and numbers — and rejects everything else with
 * the line number, so a file that relies on Python (imports, calls, f-strings) fails loudly
 * instead of being half-understood.
 */

export type ConfScalar = string | number | boolean | null;
export type ConfValue = ConfScalar | (string | number)[];
export type ConfAssignment = { name: string; value: ConfValue; line: number };

export class ConfSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = "ConfSyntaxError";
  }
}

/** Far above any real flowerconfig.py; bounds the work a hostile file can cause. */
export const MAX_CONF_BYTES = 256 * 1024;
const MAX_LIST_ITEMS = 1000;

type Token =
  | { kind: "name"; text: string; line: number }
  | { kind: "number"; value: number; line: number }
  | { kind: "string"; value: string; line: number }
  | { kind: "op"; text: string; line: number }
  | { kind: "newline"; line: number }
  /** a line that starts indented: the body of a def/if/for, never an assignment */
  | { kind: "indent"; line: number };

const KEYWORDS = new Set([
  "import", "from", "def", "class", "lambda", "if", "elif", "else", "for", "while", "with", "try", "except", "finally",
  "return", "yield", "raise", "assert", "del", "global", "nonlocal", "pass", "async", "await", "and", "or", "not", "in", "is", "print", "exec", "eval",
]);

const WHAT_IS_READ = "Bloom reads only `name = value` lines (strings, numbers, True/False/None, lists of strings); it never runs the file";

export function parseFlowerConf(text: string): ConfAssignment[] {
  if (Buffer.byteLength(text, "utf8") > MAX_CONF_BYTES) throw new ConfSyntaxError(1, `the file is larger than ${MAX_CONF_BYTES / 1024} KiB; ${WHAT_IS_READ}`);
  const tokens = tokenize(text.replace(/^\uFEFF/, ""));
  const assignments: ConfAssignment[] = [];
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  while (at < tokens.length) {
    const first = tokens[at++];
    if (!first || first.kind === "newline") continue;
    if (first.kind === "indent") throw new ConfSyntaxError(first.line, `unexpected indentation; ${WHAT_IS_READ}`);
    if (first.kind !== "name") throw new ConfSyntaxError(first.line, `expected a setting name at the start of the line; ${WHAT_IS_READ}`);
    if (KEYWORDS.has(first.text)) throw new ConfSyntaxError(first.line, `\`${first.text}\` is Python code; ${WHAT_IS_READ}`);
    const eq = tokens[at++];
    if (!eq || eq.kind !== "op" || eq.text !== "=") {
      throw new ConfSyntaxError(eq?.line ?? first.line, `expected \`${first.text} = value\`; ${WHAT_IS_READ}`);
    }
    const value = parseValue();
    const end = tokens[at++];
    if (end && end.kind !== "newline") throw new ConfSyntaxError(end.line, `unexpected ${describe(end)} after the value of ${first.text}; ${WHAT_IS_READ}`);
    assignments.push({ name: first.text, value, line: first.line });
  }
  return assignments;

  function parseValue(): ConfValue {
    const token = peek();
    if (token?.kind === "op" && (token.text === "[" || token.text === "(")) {
      at++;
      const close = token.text === "[" ? "]" : ")";
      const items: (string | number)[] = [];
      let sawComma = false;
      for (;;) {
        const next = peek();
        if (!next || next.kind === "newline") throw new ConfSyntaxError(token.line, `\`${token.text}\` is never closed`);
        if (next.kind === "op" && next.text === close) {
          at++;
          break;
        }
        if (items.length > 0 && !sawComma) throw new ConfSyntaxError(next.line, `expected \`,\` or \`${close}\`, found ${describe(next)}`);
        const item = parseScalar();
        if (item === null || typeof item === "boolean") throw new ConfSyntaxError(next.line, "list items must be strings or numbers");
        items.push(item);
        if (items.length > MAX_LIST_ITEMS) throw new ConfSyntaxError(next.line, `a list may hold at most ${MAX_LIST_ITEMS} items`);
        const separator = peek();
        sawComma = separator?.kind === "op" && separator.text === ",";
        if (sawComma) at++;
      }
      // `(x)` is just x in Python; `(x,)` is a tuple
      if (close === ")" && items.length === 1 && !sawComma) return items[0] ?? null;
      return items;
    }
    return parseScalar();
  }

  function parseScalar(): ConfScalar {
    const token = tokens[at++];
    if (!token || token.kind === "newline") throw new ConfSyntaxError(token?.line ?? lastLine(tokens), `a value is missing; ${WHAT_IS_READ}`);
    if (token.kind === "op" && (token.text === "-" || token.text === "+")) {
      const number = tokens[at++];
      if (number?.kind !== "number") throw new ConfSyntaxError(token.line, `\`${token.text}\` must be followed by a number`);
      return token.text === "-" ? -number.value : number.value;
    }
    if (token.kind === "number") return token.value;
    if (token.kind === "string") {
      let value = token.value;
      // Python joins adjacent string literals: 'a' 'b' == 'ab'
      for (let next = peek(); next?.kind === "string"; next = peek()) {
        value += next.value;
        at++;
      }
      return value;
    }
    if (token.kind === "name") {
      if (token.text === "True") return true;
      if (token.text === "False") return false;
      if (token.text === "None") return null;
      const call = peek();
      const what = call?.kind === "op" && (call.text === "(" || call.text === ".") ? "calls and attribute lookups are" : `the name \`${token.text}\` is`;
      throw new ConfSyntaxError(token.line, `${what} Python code, not a literal value; ${WHAT_IS_READ}`);
    }
    throw new ConfSyntaxError(token.line, `unexpected ${describe(token)}; ${WHAT_IS_READ}`);
  }
}

function lastLine(tokens: readonly Token[]): number {
  return tokens[tokens.length - 1]?.line ?? 1;
}

function describe(token: Token): string {
  switch (token.kind) {
    case "name":
      return `\`${token.text}\``;
    case "op":
      return `\`${token.text}\``;
    case "number":
      return "a number";
    case "string":
      return "a string";
    case "newline":
      return "end of line";
    case "indent":
      return "indentation";
  }
}

const OPERATORS = new Set(["=", "[", "]", "(", ")", "{", "}", ",", "-", "+"]);

/** Python's lexical rules, reduced to what literals need: comments, continuations, brackets span lines. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let depth = 0;
  let atLineStart = true;
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? "";
    if (char === "\n") {
      if (depth === 0 && tokens.length > 0 && tokens[tokens.length - 1]?.kind !== "newline") tokens.push({ kind: "newline", line });
      line++;
      i++;
      atLineStart = true;
      continue;
    }
    if (char === " " || char === "\t" || char === "\r" || char === "\f") {
      while (i < text.length && /[ \t\r\f]/.test(text[i] ?? "")) i++;
      const next = text[i];
      // Indented code belongs to a def/if/for block; blank and comment lines may be indented.
      if (atLineStart && depth === 0 && next !== undefined && next !== "\n" && next !== "#") {
        tokens.push({ kind: "indent", line });
      }
      continue;
    }
    atLineStart = false;
    if (char === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (char === "\\" && text[i + 1] === "\n") {
      i += 2;
      line++;
      continue;
    }
    if (char === "\\" && text[i + 1] === "\r" && text[i + 2] === "\n") {
      i += 3;
      line++;
      continue;
    }
    const stringStart = /^([rRuU]?)(['"])/.exec(text.slice(i, i + 2));
    if (stringStart) {
      const parsed = readString(text, i + stringStart[1]!.length, stringStart[1]!.toLowerCase() === "r", line);
      tokens.push({ kind: "string", value: parsed.value, line });
      line += parsed.newlines;
      i = parsed.end;
      continue;
    }
    if (/[bBfF]/.test(char) && /^[bBfF][rR]?['"]|^[rR][bBfF]['"]/.test(text.slice(i, i + 3))) {
      throw new ConfSyntaxError(line, `f-strings and bytes literals are not read (an f-string runs code); ${WHAT_IS_READ}`);
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 200));
    if (name) {
      if (name[0].length >= 200) throw new ConfSyntaxError(line, "a name longer than 200 characters");
      tokens.push({ kind: "name", text: name[0], line });
      i += name[0].length;
      continue;
    }
    const number = /^(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?(?![A-Za-z0-9_.])/.exec(text.slice(i, i + 100));
    if (number) {
      const value = Number(number[0].replace(/_/g, ""));
      if (!Number.isFinite(value) || /__|_$|_\.|\._/.test(number[0])) throw new ConfSyntaxError(line, `\`${number[0]}\` is not a number Bloom can read`);
      tokens.push({ kind: "number", value, line });
      i += number[0].length;
      continue;
    }
    if (OPERATORS.has(char)) {
      if (char === "[" || char === "(" || char === "{") depth++;
      if (char === "]" || char === ")" || char === "}") depth = Math.max(0, depth - 1);
      // `==`, `+=` and friends are expressions or statements, not assignments of literals
      if (char === "=" && text[i + 1] === "=") throw new ConfSyntaxError(line, `\`==\` is Python code; ${WHAT_IS_READ}`);
      tokens.push({ kind: "op", text: char, line });
      i++;
      continue;
    }
    if (/[\x21-\x7e]/.test(char)) {
      // other punctuation (`:`, `;`, `{`, `@`, ...) becomes a token so the parser reports the line's first problem
      tokens.push({ kind: "op", text: char, line });
      i++;
      continue;
    }
    throw new ConfSyntaxError(line, `unexpected character U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}; ${WHAT_IS_READ}`);
  }
  if (tokens.length > 0 && tokens[tokens.length - 1]?.kind !== "newline") tokens.push({ kind: "newline", line });
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v" };

/** A Python string literal starting at the quote `start`. */
function readString(text: string, start: number, raw: boolean, line: number): { value: string; end: number; newlines: number } {
  const quote = text[start] ?? "'";
  const triple = text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  let i = start + delimiter.length;
  let value = "";
  let newlines = 0;
  for (;;) {
    if (i >= text.length) throw new ConfSyntaxError(line, "a string is never closed");
    if (text.startsWith(delimiter, i)) return { value, end: i + delimiter.length, newlines };
    const char = text[i] ?? "";
    if (char === "\n") {
      if (!triple) throw new ConfSyntaxError(line, "a string is never closed (it runs to the end of the line)");
      newlines++;
    }
    if (char === "\\") {
      const next = text[i + 1];
      if (next === undefined) throw new ConfSyntaxError(line, "a string is never closed");
      if (next === "\n") {
        // a backslash-newline inside a string continues it (and, raw, keeps both)
        newlines++;
        value += raw ? "\\\n" : "";
        i += 2;
        continue;
      }
      if (raw) {
        value += char + next;
        i += 2;
        continue;
      }
      const simple = SIMPLE_ESCAPES[next];
      if (simple !== undefined) {
        value += simple;
        i += 2;
        continue;
      }
      const hex = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0;
      if (hex > 0) {
        const digits = text.slice(i + 2, i + 2 + hex);
        if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new ConfSyntaxError(line, `\`\\${next}\` needs ${hex} hex digits`);
        const codePoint = Number.parseInt(digits, 16);
        if (codePoint > 0x10ffff) throw new ConfSyntaxError(line, `\`\\${next}${digits}\` is not a character`);
        value += String.fromCodePoint(codePoint);
        i += 2 + hex;
        continue;
      }
      if (/[0-7]/.test(next) || next === "N") throw new ConfSyntaxError(line, `the escape \`\\${next}\` is not supported; write the character itself`);
      // Python keeps unknown escapes as written: '.*@example\.com' is a regex with `\.`
      value += char + next;
      i += 2;
      continue;
    }
    value += char;
    i++;
  }
}
