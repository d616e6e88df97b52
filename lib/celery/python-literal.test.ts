import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPythonReprCases } from "./__fixtures__/fixtures";
import type { JsonValue } from "./json-value";
import { BIG_INT_KEY, BYTES_KEY, FLOAT_KEY, PYTHON_LITERAL_DEFAULTS, parsePythonLiteral, type PythonLiteralFailure } from "./python-literal";

function value(src: string): JsonValue {
  const result = parsePythonLiteral(src);
  if (!result.ok) throw new Error(`${JSON.stringify(src)}: ${result.reason} ${result.detail}`);
  return result.value;
}

function failure(src: string, opts = {}): PythonLiteralFailure {
  const result = parsePythonLiteral(src, opts);
  if (result.ok) throw new Error(`${JSON.stringify(src)} parsed to ${JSON.stringify(result.value)}`);
  expect(result.detail.length).toBeGreaterThan(0);
  return result.reason;
}

const bytes = (...values: number[]) => ({ [BYTES_KEY]: Buffer.from(values).toString("base64") });

describe("parsePythonLiteral: what Celery events carry", () => {
  it.each<[string, JsonValue]>([
    ["(97, 8)", [97, 8]],
    ["()", []],
    ["(12,)", [12]],
    ["(0.1,)", [0.1]],
    ["{}", {}],
    ["{'msg': 'load.py failure'}", { msg: "load.py failure" }],
    ["89", 89],
    ["'ok after 3 retries'", "ok after 3 retries"],
    ["None", null],
    ["[{'pid': 10746, 'hostname': 'w1@vm'}, True, False]", [{ pid: 10746, hostname: "w1@vm" }, true, false]],
  ])("%s", (src, expected) => {
    expect(value(src)).toEqual(expected);
  });
});

describe("parsePythonLiteral: containers", () => {
  it.each<[string, JsonValue]>([
    ["(1)", 1],
    ["((1))", 1],
    ["(1, 2,)", [1, 2]],
    ["[]", []],
    ["[1, [2, (3,)], {}]", [1, [2, [3]], {}]],
    ["[1, 2,]", [1, 2]],
    ["{1, 2, 3}", [1, 2, 3]],
    ["{1,}", [1]],
    ["set()", []],
    ["set( )", []],
    ["frozenset()", []],
    ["frozenset({'a', 'b'})", ["a", "b"]],
    ["{'a': 1, 'b': [2, {'c': (3, 4)}],}", { a: 1, b: [2, { c: [3, 4] }] }],
    ["{'a': 1, 'a': 2}", { a: 2 }],
    ["{1: 'int', None: 'none', True: 't', (1, 2): 'tuple', 1.5: 'f', b'k': 'b'}", {
      "1": "int",
      null: "none",
      true: "t",
      "[1,2]": "tuple",
      "1.5": "f",
      [JSON.stringify(bytes(107))]: "b",
    }],
    ["{123456789012345678901234567890: 1}", { "123456789012345678901234567890": 1 }],
    ["[\n  1,\n\t2 ,\r\n]", [1, 2]],
    ["  [1]  ", [1]],
  ])("%s", (src, expected) => {
    expect(value(src)).toEqual(expected);
  });

  it("keeps __proto__ as an ordinary key", () => {
    const parsed = value("{'__proto__': {'polluted': 1}}") as Record<string, JsonValue>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("parsePythonLiteral: numbers", () => {
  it.each<[string, JsonValue]>([
    ["0", 0],
    ["-5", -5],
    ["+5", 5],
    ["- 5", -5],
    ["007", 7],
    ["-0", 0],
    ["9007199254740991", 9007199254740991],
    ["-9007199254740991", -9007199254740991],
    ["9007199254740992", { [BIG_INT_KEY]: "9007199254740992" }],
    ["-123456789012345678901234567890", { [BIG_INT_KEY]: "-123456789012345678901234567890" }],
    ["0x1F", 31],
    ["0o17", 15],
    ["0b101", 5],
    ["0xFFFFFFFFFFFFFFFFFF", { [BIG_INT_KEY]: "4722366482869645213695" }],
    ["1.5", 1.5],
    ["1.0", 1],
    ["1.", 1],
    [".5", 0.5],
    ["1e10", 1e10],
    ["1e+20", 1e20],
    ["1E-05", 1e-5],
    ["1.7976931348623157e+308", 1.7976931348623157e308],
    ["5e-324", 5e-324],
    ["1e400", { [FLOAT_KEY]: "inf" }],
    ["inf", { [FLOAT_KEY]: "inf" }],
    ["-inf", { [FLOAT_KEY]: "-inf" }],
    ["nan", { [FLOAT_KEY]: "nan" }],
    ["[inf, -inf, nan]", [{ [FLOAT_KEY]: "inf" }, { [FLOAT_KEY]: "-inf" }, { [FLOAT_KEY]: "nan" }]],
  ])("%s", (src, expected) => {
    expect(value(src)).toEqual(expected);
  });

  it("keeps -0.0 negative", () => {
    expect(Object.is(value("-0.0"), -0)).toBe(true);
    expect(Object.is(value("0.0"), 0)).toBe(true);
  });
});

describe("parsePythonLiteral: strings and bytes", () => {
  it.each<[string, JsonValue]>([
    [`'it"s'`, 'it"s'],
    [`"it's"`, "it's"],
    [`'it\\'s'`, "it's"],
    [`"\\""`, '"'],
    [`'\\\\'`, "\\"],
    [`'\\n\\t\\r\\a\\b\\f\\v'`, "\n\t\r\x07\b\f\v"],
    [`'\\x00\\x7f\\xe9\\xff'`, "\u0000\u007f\u00e9\u00ff"],
    [`'\\u20ac\\uD83D\\uDE00'`, "€😀"],
    [`'\\U0001F600\\U0010ffff'`, "😀\u{10ffff}"],
    [`'\\0\\12\\101\\777'`, "\u0000\n\u0041\u01ff"],
    [`'\\1234'`, "S4"],
    [`'\\ud800'`, "\ud800"],
    [`'\\q\\8\\ '`, "\\q\\8\\ "],
    ["'a\\\nb'", "ab"],
    ["'🌸 é 中文'", "🌸 é 中文"],
    ["'''a\nb'c''d'''", "a\nb'c''d"],
    [`"""x""y"""`, 'x""y'],
    ["''''''", ""],
    ["r'\\d+\\n'", "\\d+\\n"],
    ["r'a\\'b'", "a\\'b"],
    ["R\"\\\"\"", '\\"'],
    ["u'x'", "x"],
    ["U'x'", "x"],
    ["b''", bytes()],
    ["b'abc'", bytes(97, 98, 99)],
    ["b'\\x00\\xff\\n\\\\\\''", bytes(0, 255, 10, 92, 39)],
    ["b'\\101\\0'", bytes(65, 0)],
    ["b'\\u00e9'", bytes(92, 117, 48, 48, 101, 57)],
    ["B\"x\"", bytes(120)],
    ["br'\\x00'", bytes(92, 120, 48, 48)],
    ["Rb'\\n'", bytes(92, 110)],
  ])("%s", (src, expected) => {
    expect(value(src)).toEqual(expected);
  });
});

describe("parsePythonLiteral: failures are values with a reason", () => {
  it.each<[string, PythonLiteralFailure]>([
    ["", "syntax"],
    ["   ", "syntax"],
    ["(", "syntax"],
    ["[1, 2", "syntax"],
    ["[1,,2]", "syntax"],
    ["(,)", "syntax"],
    ["{1:}", "syntax"],
    ["{1: 2, 3}", "syntax"],
    ["{1, 2: 3}", "syntax"],
    ["{:1}", "syntax"],
    ["[1)", "syntax"],
    ["]", "syntax"],
    ["1 2", "syntax"],
    ["1, 2", "syntax"],
    ["'a' 'b'", "syntax"],
    ["'abc", "syntax"],
    ["'a\nb'", "syntax"],
    ["'''abc''", "syntax"],
    ["'\\x4'", "syntax"],
    ["'\\u12'", "syntax"],
    ["'\\U00110000'", "syntax"],
    ["b'é'", "syntax"],
    ["b'\\777'", "syntax"],
    ["1.2.3", "syntax"],
    ["1e", "syntax"],
    ["12abc", "syntax"],
    ["1_000", "syntax"],
    ["--1", "syntax"],
    ["-'a'", "syntax"],
    ["#", "syntax"],
    ["x'a'", "unsupported"],
    ["f'{x}'", "unsupported"],
    ["rf'x'", "unsupported"],
    ["'\\N{EM DASH}'", "unsupported"],
    ["1j", "unsupported"],
    ["(1+2j)", "syntax"],
    ["datetime.datetime(2026, 1, 1, 0, 0)", "unsupported"],
    ["Decimal('1.2')", "unsupported"],
    ["UUID('8e16da8a-c11c-4279-b74e-e53d17edc5a8')", "unsupported"],
    ["BenchError('load.py failure')", "unsupported"],
    ["<object object at 0x7f0a2c3b1f30>", "unsupported"],
    ["[<function f at 0x1>]", "unsupported"],
    ["set([1])", "unsupported"],
    ["frozenset(1, 2)", "unsupported"],
    ["frozenset([1], [2])", "unsupported"],
    ["os.system('rm -rf /')", "unsupported"],
    ["__import__('os')", "unsupported"],
    ["true", "unsupported"],
    ["null", "unsupported"],
    ["Ellipsis", "unsupported"],
    ["[1, 2, ...]", "truncated"],
    ["'aaaa'...", "syntax"],
    ["[[...]]", "truncated"],
  ])("%j → %s", (src, reason) => {
    expect(failure(src)).toBe(reason);
  });

  it("rejects non-string input without throwing", () => {
    expect(parsePythonLiteral(42 as unknown as string)).toMatchObject({ ok: false, reason: "syntax" });
  });
});

describe("parsePythonLiteral: bounds", () => {
  it("refuses oversized input immediately", () => {
    expect(PYTHON_LITERAL_DEFAULTS.maxLength).toBe(1024 * 1024);
    expect(failure("1".repeat(PYTHON_LITERAL_DEFAULTS.maxLength + 1))).toBe("too_large");
    expect(failure("[1, 2]", { maxLength: 5 })).toBe("too_large");
    expect(value("1".repeat(20))).toEqual({ [BIG_INT_KEY]: "1".repeat(20) });
  });

  it("limits nesting depth (default 64)", () => {
    expect(value(`${"[".repeat(64)}${"]".repeat(64)}`)).toBeDefined();
    expect(failure(`${"[".repeat(65)}${"]".repeat(65)}`)).toBe("too_deep");
    expect(failure(`${"{'a': ".repeat(65)}1${"}".repeat(65)}`)).toBe("too_deep");
    expect(failure("(((((1)))))", { maxDepth: 3 })).toBe("too_deep");
  });

  it("parses very deep nesting without growing the call stack when allowed", () => {
    const depth = 200_000;
    const result = parsePythonLiteral(`${"[".repeat(depth)}${"]".repeat(depth)}`, { maxDepth: depth });
    expect(result.ok).toBe(true);
  });

  it("limits the number of values", () => {
    expect(failure("[1, 2, 3, 4]", { maxNodes: 4 })).toBe("too_many_nodes");
    expect(value("[1, 2, 3]")).toEqual([1, 2, 3]);
    expect(parsePythonLiteral("[1, 2, 3]", { maxNodes: 4 }).ok).toBe(true);
  });

  function generatedDict(targetLength: number): string {
    const parts: string[] = [];
    let length = 2;
    for (let i = 0; length < targetLength; i++) {
      const entry = `'key_${i}': ('value \\n ${i}', ${i * 7}, ${i / 3}, None, [True, b'\\x00'])`;
      parts.push(entry);
      length += entry.length + 2;
    }
    return `{${parts.join(", ")}}`;
  }

  it("parses a ~1 MB generated dict", () => {
    const src = generatedDict(1000 * 1000);
    expect(src.length).toBeGreaterThan(990_000);
    expect(src.length).toBeLessThanOrEqual(PYTHON_LITERAL_DEFAULTS.maxLength);
    const result = parsePythonLiteral(src);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(result.value as object).length).toBeGreaterThan(10_000);
  });

  it("returns for a 3 MB dict: refused by default, parsed when allowed", () => {
    const src = generatedDict(3 * 1000 * 1000);
    expect(failure(src)).toBe("too_large");
    const result = parsePythonLiteral(src, { maxLength: 4 * 1024 * 1024, maxNodes: 1_000_000 });
    expect(result.ok).toBe(true);
  });
});

describe("parsePythonLiteral against real CPython repr() output", () => {
  const cases = readPythonReprCases();
  it(`matches all ${cases.length} generated cases (python-repr-cases.json)`, () => {
    expect(cases.length).toBeGreaterThan(100);
    for (const { repr, expected } of cases) expect(value(repr), repr).toEqual(expected);
  });
});

// ---- property tests --------------------------------------------------------------------

/** A Python value, as the generator below builds it. */
type Py =
  | { t: "none" }
  | { t: "bool"; v: boolean }
  | { t: "int"; v: bigint }
  | { t: "float"; v: number }
  | { t: "str"; v: string }
  | { t: "bytes"; v: number[] }
  | { t: "list" | "tuple" | "set"; items: Py[] }
  | { t: "dict"; entries: [Py, Py][] };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function expectedJson(py: Py): JsonValue {
  switch (py.t) {
    case "none":
      return null;
    case "bool":
      return py.v;
    case "int":
      return py.v <= MAX_SAFE && py.v >= -MAX_SAFE ? Number(py.v) : { [BIG_INT_KEY]: py.v.toString() };
    case "float":
      if (Number.isNaN(py.v)) return { [FLOAT_KEY]: "nan" };
      if (!Number.isFinite(py.v)) return { [FLOAT_KEY]: py.v > 0 ? "inf" : "-inf" };
      return py.v;
    case "str":
      return py.v;
    case "bytes":
      return { [BYTES_KEY]: Buffer.from(py.v).toString("base64") };
    case "list":
    case "tuple":
    case "set":
      return py.items.map(expectedJson);
    case "dict": {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of py.entries) {
        const key = expectedJson(k);
        const text =
          typeof key === "string"
            ? key
            : typeof key === "object" && key !== null && !Array.isArray(key) && typeof key[BIG_INT_KEY] === "string"
              ? (key[BIG_INT_KEY] as string)
              : JSON.stringify(key);
        Object.defineProperty(out, text, { value: expectedJson(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** Writes a str literal, varying quotes and escape forms with `style`. */
function strLiteral(s: string, style: number): string {
  const quote = style % 3 === 0 ? '"' : "'";
  const triple = style % 5 === 0;
  const raw = style % 7 === 0 && !/['"\n\r]/.test(s) && !s.endsWith("\\") && !s.includes("\\");
  const prefix = raw ? "r" : style % 11 === 0 ? "u" : "";
  if (raw) return `${prefix}${quote}${s}${quote}`;
  let out = "";
  let i = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    const choice = (style + i++ * 7) % 6;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote || ch === "'" || ch === '"') out += `\\${ch}`;
    else if (ch === "\n") out += triple && choice === 0 ? "\n" : "\\n";
    else if (ch === "\r") out += "\\r";
    else if (choice === 1 && code < 0x100) out += `\\x${hex(code, 2)}`;
    else if (choice === 2 && code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else if (choice === 3) out += `\\U${hex(code, 8)}`;
    else if (choice === 4 && code < 0o400) out += `\\${code.toString(8).padStart(3, "0")}`;
    else if (code >= 0x20 && code !== 0x7f) out += ch;
    else out += `\\x${hex(code, 2)}`;
  }
  const q = triple ? quote.repeat(3) : quote;
  return `${prefix}${q}${out}${q}`;
}

function bytesLiteral(values: number[], style: number): string {
  let out = "";
  values.forEach((b, i) => {
    const choice = (style + i * 3) % 3;
    if (b === 0x5c) out += "\\\\";
    else if (b === 0x27) out += "\\'";
    else if (b === 0x0a) out += "\\n";
    else if (choice === 0 && b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else if (choice === 1) out += `\\${b.toString(8)}`;
    else out += `\\x${hex(b, 2)}`;
  });
  return `${style % 2 ? "b" : "B"}'${out}'`;
}

function floatLiteral(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Object.is(v, -0)) return "-0.0";
  const text = String(v);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function pyRepr(py: Py, style: number, depth = 0): string {
  const sep = style % 4 === 0 ? ",\n " : ", ";
  const sub = (p: Py, i: number) => pyRepr(p, style + i + depth + 1, depth + 1);
  switch (py.t) {
    case "none":
      return "None";
    case "bool":
      return py.v ? "True" : "False";
    case "int":
      return py.v.toString();
    case "float":
      return floatLiteral(py.v);
    case "str":
      return strLiteral(py.v, style);
    case "bytes":
      return bytesLiteral(py.v, style);
    case "list":
      return `[${py.items.map(sub).join(sep)}${style % 9 === 0 && py.items.length ? "," : ""}]`;
    case "tuple":
      if (py.items.length === 1) return `(${py.items.map(sub).join("")},)`;
      return `(${py.items.map(sub).join(sep)})`;
    case "set":
      if (py.items.length === 0) return "set()";
      return style % 6 === 0 ? `frozenset({${py.items.map(sub).join(sep)}})` : `{${py.items.map(sub).join(sep)}}`;
    case "dict":
      return `{${py.entries.map(([k, v], i) => `${sub(k, i)}: ${sub(v, i + 1)}`).join(sep)}}`;
  }
}

const pyScalar: fc.Arbitrary<Py> = fc.oneof(
  fc.constant<Py>({ t: "none" }),
  fc.boolean().map<Py>((v) => ({ t: "bool", v })),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map<Py>((v) => ({ t: "int", v })),
  fc.integer().map<Py>((v) => ({ t: "int", v: BigInt(v) })),
  fc.double().map<Py>((v) => ({ t: "float", v })),
  fc.string({ unit: "binary", maxLength: 12 }).map<Py>((v) => ({ t: "str", v })),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }).map<Py>((v) => ({ t: "bytes", v })),
);

const pyKey: fc.Arbitrary<Py> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 8 }).map<Py>((v) => ({ t: "str", v })),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map<Py>((v) => ({ t: "int", v })),
  fc.constant<Py>({ t: "none" }),
  fc.boolean().map<Py>((v) => ({ t: "bool", v })),
);

const pyValue: fc.Arbitrary<Py> = fc.letrec<{ value: Py }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    pyScalar,
    fc.array(tie("value"), { maxLength: 4 }).map<Py>((items) => ({ t: "list", items })),
    fc.array(tie("value"), { maxLength: 4 }).map<Py>((items) => ({ t: "tuple", items })),
    fc.array(pyScalar, { maxLength: 4 }).map<Py>((items) => ({ t: "set", items })),
    fc.array(fc.tuple(pyKey, tie("value")), { maxLength: 4 }).map<Py>((entries) => ({ t: "dict", entries })),
  ),
})).value;

describe("parsePythonLiteral properties", () => {
  it("round-trips generated literals in varied spellings", () => {
    fc.assert(
      fc.property(pyValue, fc.nat(), (py, style) => {
        const src = pyRepr(py, style);
        const result = parsePythonLiteral(src, { maxDepth: 1000 });
        if (!result.ok) throw new Error(`${src}: ${result.reason} ${result.detail}`);
        expect(result.value).toEqual(expectedJson(py));
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 100 }), (src) => {
        const result = parsePythonLiteral(src);
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws on near-literal noise, and anything it accepts is JSON", () => {
    const token = fc.constantFrom(
      "(", ")", "[", "]", "{", "}", ",", ":", "'", '"', "'''", "\\", "\\x", "\\u", "\\U", "\\N", "0", "7", "9", "1e", ".",
      "-", "+", " ", "\n", "b", "r", "f", "u", "None", "True", "inf", "nan", "set", "frozenset", "...", "<", "j", "0x", "é", "\ud800",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const result = parsePythonLiteral(tokens.join(""));
        if (result.ok) expect(() => JSON.stringify(result.value)).not.toThrow();
        else expect(result.reason).not.toBe("internal_error");
      }),
      { numRuns: 2000 },
    );
  });
});
