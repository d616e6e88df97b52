import type { JsonValue } from "./json-value";

/**
 * A parser for the Python literals Celery puts in events: `args`, `kwargs` and `result` are
 * repr() strings ("(97, 8)", "{'msg': 'hi'}", "'ok'"). It understands what repr() and
 * ast.literal_eval() share: None/True/False, ints, floats (inf, nan), str and bytes literals
 * with every escape form, tuples, lists, dicts and sets. Anything else (calls like
 * `datetime.datetime(...)` or `Decimal('1.2')`, `<object at 0x...>`, saferepr's `...`) is
 * reported as a failure so the caller can keep showing the original string. Nothing is ever
 * evaluated, and the parser never throws.
 *
 * JSON has no tuples, sets, bytes, big ints or non-finite floats, so:
 * - tuples and sets become arrays (`set()` and `frozenset({...})` too);
 * - bytes become `{"__bytes__": "<base64>"}`: base64 rather than a latin-1 string because
 *   bytes often hold NUL, which PostgreSQL text/jsonb cannot store;
 * - ints beyond ±(2^53 - 1) become `{"__int__": "<decimal digits>"}` so no digit is lost;
 * - inf, -inf and nan become `{"__float__": "inf" | "-inf" | "nan"}`;
 * - floats with an integral value (`1.0`) become plain JSON numbers, -0.0 stays -0;
 * - dict keys that are not strings become their JSON text (`1` → "1", `(1, 2)` → "[1,2]",
 *   `None` → "null"); the last duplicate key wins, as in Python.
 *
 * Bounded: input longer than maxLength is refused before it is read, nesting deeper than
 * maxDepth and more than maxNodes values stop the parse. Containers are parsed with an
 * explicit stack, so depth never grows the JS call stack. One pass, linear time.
 */

export const BYTES_KEY = "__bytes__";
export const BIG_INT_KEY = "__int__";
export const FLOAT_KEY = "__float__";

export type PythonLiteralOptions = {
  /** in UTF-16 units; default 1 MiB */
  maxLength?: number;
  /** container nesting; default 64 */
  maxDepth?: number;
  /** values (containers included); default 200 000 */
  maxNodes?: number;
};

export const PYTHON_LITERAL_DEFAULTS = {
  maxLength: 1024 * 1024,
  maxDepth: 64,
  maxNodes: 200_000,
} as const satisfies Required<PythonLiteralOptions>;

export type PythonLiteralFailure =
  | "too_large"
  | "too_deep"
  | "too_many_nodes"
  | "syntax"
  | "unsupported"
  | "truncated"
  | "internal_error";

export type PythonLiteralResult =
  | { ok: true; value: JsonValue }
  | { ok: false; reason: PythonLiteralFailure; detail: string };

export function parsePythonLiteral(src: string, opts: PythonLiteralOptions = {}): PythonLiteralResult {
  const maxLength = opts.maxLength ?? PYTHON_LITERAL_DEFAULTS.maxLength;
  if (typeof src !== "string") return { ok: false, reason: "syntax", detail: "input is not a string" };
  if (src.length > maxLength) {
    return { ok: false, reason: "too_large", detail: `input is ${src.length} characters, limit ${maxLength}` };
  }
  try {
    const parser = new Parser(
      src,
      opts.maxDepth ?? PYTHON_LITERAL_DEFAULTS.maxDepth,
      opts.maxNodes ?? PYTHON_LITERAL_DEFAULTS.maxNodes,
    );
    return { ok: true, value: parser.parse() };
  } catch (error) {
    if (error instanceof LiteralError) return { ok: false, reason: error.reason, detail: error.detail };
    // Not expected; the contract is "never throws", so even a bug is reported as a value.
    return { ok: false, reason: "internal_error", detail: error instanceof Error ? error.message : String(error) };
  }
}

class LiteralError {
  constructor(
    readonly reason: PythonLiteralFailure,
    readonly detail: string,
  ) {}
}

type Frame =
  | { kind: "list"; items: JsonValue[] }
  | { kind: "tuple"; items: JsonValue[]; sawComma: boolean }
  | { kind: "frozenset"; items: JsonValue[] }
  | {
      kind: "brace";
      /** `{}` is a dict; the first `:` or `,` decides between dict and set */
      mode: "unknown" | "dict" | "set";
      items: JsonValue[];
      /** dict entries in source order; Object.fromEntries makes "__proto__" an own key, last duplicate wins */
      entries: [string, JsonValue][];
      /** an element whose role (dict key or set item) the next token decides */
      pending: JsonValue | undefined;
      hasPending: boolean;
      key: string;
      awaitingValue: boolean;
    };

const PUSHED = Symbol("pushed");

const CH = {
  tab: 9,
  lf: 10,
  vt: 11,
  ff: 12,
  cr: 13,
  space: 32,
  dquote: 34,
  squote: 39,
  lparen: 40,
  rparen: 41,
  plus: 43,
  comma: 44,
  minus: 45,
  dot: 46,
  colon: 58,
  lt: 60,
  lbracket: 91,
  backslash: 92,
  rbracket: 93,
  lbrace: 123,
  rbrace: 125,
} as const;

const MAX_SAFE_DIGITS = 15;
const STRING_PREFIXES: ReadonlySet<string> = new Set(["r", "u", "b", "br", "rb", "f", "fr", "rf"]);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isOctal(c: number): boolean {
  return c >= 48 && c <= 55;
}

class Parser {
  private i = 0;
  private nodes = 0;
  private readonly stack: Frame[] = [];

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
    private readonly maxNodes: number,
  ) {}

  parse(): JsonValue {
    const { src, stack } = this;
    let root: JsonValue | undefined;
    let expectValue = true;
    // In value position: may a closer appear here (right after an opener or a comma)?
    let canClose = false;

    for (;;) {
      this.skipWhitespace();
      if (expectValue) {
        if (this.i >= src.length) throw this.syntax(stack.length === 0 && root === undefined ? "empty input" : "unexpected end of input");
        const c = src.charCodeAt(this.i);
        if (canClose && (c === CH.rbracket || c === CH.rparen || c === CH.rbrace)) {
          const value = this.close(c);
          if (stack.length === 0) root = value;
          expectValue = false;
          continue;
        }
        let value: JsonValue | typeof PUSHED;
        if (c === CH.lbracket) value = this.push({ kind: "list", items: [] });
        else if (c === CH.lparen) value = this.push({ kind: "tuple", items: [], sawComma: false });
        else if (c === CH.lbrace) {
          value = this.push({
            kind: "brace",
            mode: "unknown",
            items: [],
            entries: [],
            pending: undefined,
            hasPending: false,
            key: "",
            awaitingValue: false,
          });
        } else value = this.scalar();
        if (value === PUSHED) {
          canClose = true;
          continue;
        }
        if (this.deliver(value)) root = value;
        expectValue = false;
        continue;
      }

      // After a complete value.
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (this.i < src.length) throw this.syntax("unexpected input after the value");
        if (root === undefined) throw this.syntax("empty input");
        return root;
      }
      if (this.i >= src.length) throw this.syntax("unexpected end of input");
      const c = src.charCodeAt(this.i);
      if (c === CH.comma) {
        this.i++;
        if (top.kind === "tuple") top.sawComma = true;
        else if (top.kind === "brace") {
          if (top.hasPending) {
            if (top.mode === "dict") throw this.syntax("dict key without a value");
            top.mode = "set";
            top.items.push(top.pending ?? null);
            top.hasPending = false;
            top.pending = undefined;
          }
        }
        expectValue = true;
        canClose = true;
        continue;
      }
      if (c === CH.colon) {
        if (top.kind !== "brace" || !top.hasPending || top.mode === "set") throw this.syntax("unexpected ':'");
        this.i++;
        top.mode = "dict";
        top.key = keyText(top.pending ?? null);
        top.hasPending = false;
        top.pending = undefined;
        top.awaitingValue = true;
        expectValue = true;
        canClose = false;
        continue;
      }
      if (c === CH.rbracket || c === CH.rparen || c === CH.rbrace) {
        const value = this.close(c);
        if (stack.length === 0) root = value;
        continue;
      }
      throw this.syntax(`unexpected ${describeChar(src, this.i)}`);
    }
  }

  /** Hands a finished value to the enclosing container; true when it is the root. */
  private deliver(value: JsonValue): boolean {
    this.nodes++;
    if (this.nodes > this.maxNodes) throw new LiteralError("too_many_nodes", `more than ${this.maxNodes} values`);
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return true;
    if (top.kind === "brace") {
      if (top.awaitingValue) {
        top.entries.push([top.key, value]);
        top.awaitingValue = false;
      } else {
        top.pending = value;
        top.hasPending = true;
      }
    } else {
      top.items.push(value);
    }
    return false;
  }

  private push(frame: Frame): typeof PUSHED {
    if (this.stack.length >= this.maxDepth) throw new LiteralError("too_deep", `nesting deeper than ${this.maxDepth}`);
    this.stack.push(frame);
    this.i++;
    return PUSHED;
  }

  /** Closes the innermost container with closer `c` and delivers it; returns its value. */
  private close(c: number): JsonValue {
    const frame = this.stack.pop();
    if (frame === undefined) throw this.syntax(`unexpected ${describeChar(this.src, this.i)}`);
    const expected = frame.kind === "list" ? CH.rbracket : frame.kind === "brace" ? CH.rbrace : CH.rparen;
    if (c !== expected) throw this.syntax(`mismatched ${describeChar(this.src, this.i)}`);
    this.i++;
    let value: JsonValue;
    switch (frame.kind) {
      case "list":
        value = frame.items;
        break;
      case "tuple": {
        // `(x)` is just a parenthesized x; `(x,)` and `()` are tuples.
        const [only] = frame.items;
        value = frame.items.length === 1 && !frame.sawComma && only !== undefined ? only : frame.items;
        break;
      }
      case "frozenset": {
        const [only] = frame.items;
        if (frame.items.length === 0) value = [];
        else if (frame.items.length === 1 && Array.isArray(only)) value = only;
        else throw new LiteralError("unsupported", "frozenset() of something other than a set literal");
        break;
      }
      case "brace":
        if (frame.awaitingValue || (frame.hasPending && frame.mode === "dict")) throw this.syntax("dict key without a value");
        if (frame.hasPending) {
          frame.items.push(frame.pending ?? null);
          frame.mode = "set";
        }
        value = frame.mode === "set" ? frame.items : (Object.fromEntries(frame.entries) as Record<string, JsonValue>);
        break;
    }
    this.deliver(value);
    return value;
  }

  private skipWhitespace(): void {
    const { src } = this;
    while (this.i < src.length) {
      const c = src.charCodeAt(this.i);
      if (c === CH.space || c === CH.tab || c === CH.lf || c === CH.cr || c === CH.ff || c === CH.vt) this.i++;
      else break;
    }
  }

  private scalar(): JsonValue | typeof PUSHED {
    const { src } = this;
    const c = src.charCodeAt(this.i);
    if (c === CH.squote || c === CH.dquote) return this.string("");
    if (c === CH.minus || c === CH.plus) {
      this.i++;
      this.skipWhitespace();
      const next = src.charCodeAt(this.i);
      if (isDigit(next) || (next === CH.dot && isDigit(src.charCodeAt(this.i + 1)))) return this.number(c === CH.minus);
      if (isIdentStart(next)) {
        const name = this.identifier();
        if (name === "inf") return nonFinite(c === CH.minus ? "-inf" : "inf");
        if (name === "nan") return nonFinite("nan");
      }
      throw this.syntax("sign not followed by a number");
    }
    if (isDigit(c) || (c === CH.dot && isDigit(src.charCodeAt(this.i + 1)))) return this.number(false);
    if (c === CH.dot && src.startsWith("...", this.i)) {
      throw new LiteralError("truncated", "contains '...' (a truncated or recursive repr)");
    }
    if (c === CH.lt) throw new LiteralError("unsupported", "contains an object repr <...>");
    if (isIdentStart(c)) {
      const start = this.i;
      const name = this.identifier();
      const next = src.charCodeAt(this.i);
      if ((next === CH.squote || next === CH.dquote) && STRING_PREFIXES.has(name.toLowerCase())) return this.string(name);
      switch (name) {
        case "None":
          return null;
        case "True":
          return true;
        case "False":
          return false;
        case "inf":
          return nonFinite("inf");
        case "nan":
          return nonFinite("nan");
      }
      this.skipWhitespace();
      const after = src.charCodeAt(this.i);
      if (after === CH.lparen && name === "set") {
        this.i++;
        this.skipWhitespace();
        if (src.charCodeAt(this.i) === CH.rparen) {
          this.i++;
          return [];
        }
        throw new LiteralError("unsupported", "set(...) with arguments");
      }
      if (after === CH.lparen && name === "frozenset") return this.push({ kind: "frozenset", items: [] });
      const shown = src.slice(start, Math.min(src.length, start + 40));
      if (after === CH.lparen || after === CH.dot) throw new LiteralError("unsupported", `not a literal: ${shown}`);
      throw new LiteralError("unsupported", `unknown name ${name}`);
    }
    throw this.syntax(`unexpected ${describeChar(src, this.i)}`);
  }

  private identifier(): string {
    const start = this.i;
    while (this.i < this.src.length && isIdentPart(this.src.charCodeAt(this.i))) this.i++;
    return this.src.slice(start, this.i);
  }

  private number(negative: boolean): JsonValue {
    const { src } = this;
    const start = this.i;
    // 0x / 0o / 0b integers (valid literals, though repr never writes them).
    const radix = src.charCodeAt(start + 1) | 0x20; // lower-cased
    if (src.charCodeAt(start) === 48 && (radix === 120 || radix === 111 || radix === 98)) {
      this.i += 2;
      while (this.i < src.length && (isHex(src.charCodeAt(this.i)) || src.charCodeAt(this.i) === 95)) this.i++;
      const digits = src.slice(start, this.i).replaceAll("_", "");
      this.assertNumberEnd();
      if (digits.length > 4300) throw new LiteralError("unsupported", "integer literal too long");
      let big: bigint;
      try {
        big = BigInt(digits);
      } catch {
        throw this.syntax(`invalid integer ${digits}`);
      }
      return integer((negative ? -big : big).toString());
    }
    let isFloat = false;
    while (this.i < src.length && isDigit(src.charCodeAt(this.i))) this.i++;
    if (src.charCodeAt(this.i) === CH.dot) {
      isFloat = true;
      this.i++;
      while (this.i < src.length && isDigit(src.charCodeAt(this.i))) this.i++;
    }
    const e = src.charCodeAt(this.i);
    if (e === 101 || e === 69) {
      isFloat = true;
      this.i++;
      const sign = src.charCodeAt(this.i);
      if (sign === CH.plus || sign === CH.minus) this.i++;
      if (!isDigit(src.charCodeAt(this.i))) throw this.syntax("malformed exponent");
      while (this.i < src.length && isDigit(src.charCodeAt(this.i))) this.i++;
    }
    const text = src.slice(start, this.i);
    const suffix = src.charCodeAt(this.i);
    if (suffix === 106 || suffix === 74) throw new LiteralError("unsupported", "complex number");
    this.assertNumberEnd();
    if (isFloat) {
      const value = Number(text);
      if (Number.isNaN(value)) throw this.syntax(`invalid number ${text}`);
      if (!Number.isFinite(value)) return nonFinite(negative ? "-inf" : "inf");
      return negative ? -value : value;
    }
    const digits = text.replace(/^0+(?=\d)/, "");
    return integer(negative && digits !== "0" ? `-${digits}` : digits);
  }

  private assertNumberEnd(): void {
    const c = this.src.charCodeAt(this.i);
    if (isIdentPart(c) || c === CH.dot) throw this.syntax(`malformed number near ${describeChar(this.src, this.i)}`);
  }

  private string(prefix: string): JsonValue {
    const { src } = this;
    const flags = prefix.toLowerCase();
    if (flags.includes("f")) throw new LiteralError("unsupported", "f-string");
    const raw = flags.includes("r");
    const bytes = flags.includes("b");
    const quote = src.charCodeAt(this.i);
    const triple = src.charCodeAt(this.i + 1) === quote && src.charCodeAt(this.i + 2) === quote;
    this.i += triple ? 3 : 1;

    // Fast path, the common case: a str literal without escapes is a slice of the input.
    if (!bytes) {
      let j = this.i;
      let c = 0;
      while (j < src.length) {
        c = src.charCodeAt(j);
        if (c === quote || c === CH.backslash || c === CH.lf || c === CH.cr) break;
        j++;
      }
      if (c === quote && j < src.length && (!triple || (src.charCodeAt(j + 1) === quote && src.charCodeAt(j + 2) === quote))) {
        const text = src.slice(this.i, j);
        this.i = j + (triple ? 3 : 1);
        return text;
      }
    }

    const parts: string[] = [];
    const byteValues: number[] = [];
    let segment = this.i;
    const flush = (end: number) => {
      if (end <= segment) return;
      if (bytes) for (let k = segment; k < end; k++) byteValues.push(src.charCodeAt(k));
      else parts.push(src.slice(segment, end));
    };
    const emit = (code: number) => {
      if (bytes) byteValues.push(code);
      else parts.push(code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code));
    };

    for (;;) {
      if (this.i >= src.length) throw this.syntax("unterminated string");
      const c = src.charCodeAt(this.i);
      if (c === quote && (!triple || (src.charCodeAt(this.i + 1) === quote && src.charCodeAt(this.i + 2) === quote))) {
        flush(this.i);
        this.i += triple ? 3 : 1;
        break;
      }
      if ((c === CH.lf || c === CH.cr) && !triple) throw this.syntax("line break in a single-quoted string");
      if (bytes && c > 0x7f) throw this.syntax("non-ASCII character in a bytes literal");
      if (c !== CH.backslash) {
        this.i++;
        continue;
      }
      if (this.i + 1 >= src.length) throw this.syntax("unterminated string");
      if (raw) {
        // In raw literals a backslash only protects the next character; both are kept.
        if (bytes && src.charCodeAt(this.i + 1) > 0x7f) throw this.syntax("non-ASCII character in a bytes literal");
        this.i += 2;
        continue;
      }
      flush(this.i);
      this.i++;
      const e = src.charCodeAt(this.i);
      this.i++;
      switch (e) {
        case CH.lf:
          break; // line continuation
        case CH.cr:
          if (src.charCodeAt(this.i) === CH.lf) this.i++;
          break;
        case CH.backslash:
        case CH.squote:
        case CH.dquote:
          emit(e);
          break;
        case 97 /* a */:
          emit(7);
          break;
        case 98 /* b */:
          emit(8);
          break;
        case 102 /* f */:
          emit(12);
          break;
        case 110 /* n */:
          emit(10);
          break;
        case 114 /* r */:
          emit(13);
          break;
        case 116 /* t */:
          emit(9);
          break;
        case 118 /* v */:
          emit(11);
          break;
        case 120 /* x */:
          emit(this.hexEscape(2));
          break;
        case 117 /* u */:
        case 85 /* U */:
        case 78 /* N */:
          if (bytes) {
            // Not escapes in bytes literals: kept as written.
            emit(CH.backslash);
            emit(e);
          } else if (e === 78) {
            throw new LiteralError("unsupported", "\\N{...} escape");
          } else {
            const code = this.hexEscape(e === 117 ? 4 : 8);
            if (code > 0x10ffff) throw this.syntax("\\U escape beyond U+10FFFF");
            emit(code);
          }
          break;
        default:
          if (isOctal(e)) {
            let code = e - 48;
            for (let k = 0; k < 2 && isOctal(src.charCodeAt(this.i)); k++) code = code * 8 + (src.charCodeAt(this.i++) - 48);
            if (bytes && code > 0xff) throw this.syntax("octal escape above \\377 in bytes");
            emit(code);
          } else {
            // Unknown escapes keep their backslash, as in Python.
            if (bytes && e > 0x7f) throw this.syntax("non-ASCII character in a bytes literal");
            emit(CH.backslash);
            if (bytes) emit(e);
            else parts.push(src.charAt(this.i - 1));
          }
      }
      segment = this.i;
    }

    if (bytes) return { [BYTES_KEY]: Buffer.from(byteValues).toString("base64") };
    return parts.length === 1 ? (parts[0] ?? "") : parts.join("");
  }

  private hexEscape(length: number): number {
    const hex = this.src.slice(this.i, this.i + length);
    if (hex.length !== length || ![...hex].every((ch) => isHex(ch.charCodeAt(0)))) {
      throw this.syntax(`truncated \\x/\\u/\\U escape`);
    }
    this.i += length;
    return parseInt(hex, 16);
  }

  private syntax(message: string): LiteralError {
    return new LiteralError("syntax", `${message} at offset ${this.i}`);
  }
}

function integer(decimal: string): JsonValue {
  const unsigned = decimal.startsWith("-") ? decimal.slice(1) : decimal;
  if (unsigned.length <= MAX_SAFE_DIGITS) return Number(decimal);
  const value = Number(decimal);
  if (Number.isSafeInteger(value)) return value;
  return { [BIG_INT_KEY]: decimal };
}

function nonFinite(kind: "inf" | "-inf" | "nan"): JsonValue {
  return { [FLOAT_KEY]: kind };
}

/** Dict keys must be strings in JSON: non-string keys become their JSON text. */
function keyText(key: JsonValue): string {
  if (typeof key === "string") return key;
  if (typeof key === "object" && key !== null && !Array.isArray(key)) {
    const big = key[BIG_INT_KEY];
    if (typeof big === "string" && Object.keys(key).length === 1) return big;
  }
  return JSON.stringify(key);
}

function describeChar(src: string, i: number): string {
  if (i >= src.length) return "end of input";
  return JSON.stringify(src.charAt(i));
}
