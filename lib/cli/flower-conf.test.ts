import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfSyntaxError, MAX_CONF_BYTES, parseFlowerConf } from "./flower-conf";

function errorOf(text: string): ConfSyntaxError {
  try {
    parseFlowerConf(text);
  } catch (error) {
    if (error instanceof ConfSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a ConfSyntaxError for ${JSON.stringify(text)}`);
}

describe("parseFlowerConf: what a flowerconfig.py may hold", () => {
  it("reads the assignments of Flower's documented example", () => {
    const text = [
      "# Set RabbitMQ management api",
      "broker_api = 'http://guest:guest@localhost:15672/api/'",
      "",
      "# Enable debug logging",
      "logging = 'DEBUG'",
    ].join("\n");
    expect(parseFlowerConf(text)).toEqual([
      { name: "broker_api", value: "http://guest:guest@localhost:15672/api/", line: 2 },
      { name: "logging", value: "DEBUG", line: 5 },
    ]);
  });

  it("reads strings, numbers, booleans, None, lists and tuples", () => {
    const text = [
      'port = 5566',
      "inspect_timeout = 1500.5",
      "max_tasks = 10_000",
      "neg = -3",
      "persistent = True",
      "natural_time = False",
      "auth_provider = None",
      "basic_auth = ['a:1', \"b:2\",]",
      "tasks_columns = ('name', 'uuid')",
      "single = ('name',)",
      "paren = ('name')",
      "buckets = [0.5, 1, 2.5e1]",
      "empty = []",
      "auth = r'.*@example\\.com'",
      "plain = '.*@example\\.com'",
      "escaped = 'tab\\there \\'q\\' \\u00e9 \\x41'",
      "joined = 'ab' \"cd\"",
      "triple = '''one\ntwo'''",
      "spanning = [",
      "  'x',  # a comment inside brackets",
      "  'y',",
      "]",
      "continued = \\",
      "  'z'",
      "after = 1",
    ].join("\n");
    const byName = Object.fromEntries(parseFlowerConf(text).map((assignment) => [assignment.name, assignment]));
    expect(byName.port?.value).toBe(5566);
    expect(byName.inspect_timeout?.value).toBe(1500.5);
    expect(byName.max_tasks?.value).toBe(10_000);
    expect(byName.neg?.value).toBe(-3);
    expect(byName.persistent?.value).toBe(true);
    expect(byName.natural_time?.value).toBe(false);
    expect(byName.auth_provider?.value).toBeNull();
    expect(byName.basic_auth?.value).toEqual(["a:1", "b:2"]);
    expect(byName.tasks_columns?.value).toEqual(["name", "uuid"]);
    expect(byName.single?.value).toEqual(["name"]);
    expect(byName.paren?.value).toBe("name");
    expect(byName.buckets?.value).toEqual([0.5, 1, 25]);
    expect(byName.empty?.value).toEqual([]);
    expect(byName.auth?.value).toBe(".*@example\\.com");
    expect(byName.plain?.value).toBe(".*@example\\.com"); // Python keeps unknown escapes
    expect(byName.escaped?.value).toBe("tab\there 'q' é A");
    expect(byName.joined?.value).toBe("abcd");
    expect(byName.triple?.value).toBe("one\ntwo");
    expect(byName.spanning?.value).toEqual(["x", "y"]);
    expect(byName.spanning?.line).toBe(20);
    expect(byName.continued?.value).toBe("z");
    expect(byName.after?.line).toBe(26);
  });

  it("keeps the last of repeated names in order (Python semantics), CRLF and a BOM included", () => {
    expect(parseFlowerConf("\uFEFFport = 1\r\nport = 2\r\n").map((a) => [a.name, a.value, a.line])).toEqual([
      ["port", 1, 1],
      ["port", 2, 2],
    ]);
  });
});

describe("parseFlowerConf: anything else is refused with its line, never run", () => {
  const cases: [string, number, RegExp][] = [
    ["import os\nport = 1", 1, /`import` is Python code/],
    ["port = 1\nbroker_api = os.environ['X']", 2, /calls and attribute lookups are Python code/],
    ["port = __import__('os').system('touch /tmp/pwned')", 1, /calls and attribute lookups are Python code/],
    ["port = int('5')", 1, /calls and attribute lookups/],
    ["port = PORT", 1, /the name `PORT` is Python code/],
    ["def format_task(task):\n    return task", 1, /`def` is Python code/],
    ["x = 1\n    y = 2", 2, /unexpected indentation/],
    ["auth = f'{__import__(\"os\")}'", 1, /f-strings and bytes literals are not read/],
    ["auth = b'x'", 1, /f-strings and bytes literals/],
    ["port += 1", 1, /expected `port = value`/],
    ["a = b = 1", 1, /the name `b` is Python code/],
    ["port == 1", 1, /`==` is Python code/],
    ["port = 1; debug = True", 1, /unexpected `;`/],
    ["port = 1 2", 1, /unexpected a number after the value of port/],
    ["port =", 1, /a value is missing/],
    ["= 1", 1, /expected a setting name/],
    ["basic_auth = ['a:1'", 1, /`\[` is never closed/],
    ["basic_auth = ['a' 'b' 3]", 1, /expected `,` or `\]`/],
    ["basic_auth = [['nested']]", 1, /unexpected `\[`/],
    ["basic_auth = [True]", 1, /list items must be strings or numbers/],
    ["auth = 'unterminated", 1, /never closed/],
    ["auth = '''never\n\nclosed", 1, /never closed/],
    ["auth = '\\N{BULLET}'", 1, /escape `\\N` is not supported/],
    ["auth = '\\x4'", 1, /needs 2 hex digits/],
    ["port = 0x10", 1, /unexpected|not a number/],
    ["port = 1__0", 1, /not a number Bloom can read/],
    ["port = 1e999", 1, /not a number Bloom can read/],
    ["port = {'a': 1}", 1, /unexpected `\{`/],
    ["port = lambda: 1", 1, /`lambda` is Python code/],
    ["pórt = 1", 1, /unexpected character U\+00F3/],
    ["port = 1\0", 1, /unexpected character U\+0000/],
    ["@decorator\nx = 1", 1, /expected a setting name/],
  ];
  for (const [text, line, problem] of cases) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      const error = errorOf(text);
      expect(error.line).toBe(line);
      expect(error.problem).toMatch(problem);
      expect(error.message).toBe(`line ${line}: ${error.problem}`);
    });
  }

  it("refuses a file larger than the limit before reading it", () => {
    expect(errorOf(`x = '${"a".repeat(MAX_CONF_BYTES)}'`).problem).toMatch(/larger than 256 KiB/);
  });

  it("copes with deep brackets and long lines without recursion or hangs", () => {
    expect(errorOf(`x = ${"[".repeat(50_000)}`).problem).toMatch(/unexpected `\[`/);
    expect(errorOf(`x = ${"(".repeat(50_000)}`).problem).toMatch(/unexpected `\(`/);
    const many = `x = [${Array.from({ length: 1001 }, () => "'a'").join(",")}]`;
    expect(errorOf(many).problem).toMatch(/at most 1000 items/);
  });

  it("either returns assignments or throws ConfSyntaxError, whatever the input", () => {
    const pythonish = fc.stringMatching(/^[ a-z_=\[\]()'",.#\\\n0-9-+TrueFalsNoimpt]{0,80}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), pythonish), (text) => {
        try {
          const assignments = parseFlowerConf(text);
          for (const assignment of assignments) expect(assignment.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        } catch (error) {
          if (!(error instanceof ConfSyntaxError)) throw error;
          expect(error.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
