import { describe, expect, it } from "vitest";
import { classifyFrame, groupFrames, parseTraceback, type TracebackPart } from "./traceback";

// A real Celery 5.2 failure (Python 3.11, Debian), as the worker sends it in task-failed.
const CELERY_FAILURE = `Traceback (most recent call last):
  File "/usr/lib/python3/dist-packages/celery/app/trace.py", line 451, in trace_task
    R = retval = fun(*args, **kwargs)
                 ^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3/dist-packages/celery/app/trace.py", line 734, in __protected_call__
    return self.run(*args, **kwargs)
           ^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/srv/sample/bloom_sample.py", line 86, in fail
    _process(msg)
  File "/srv/sample/bloom_sample.py", line 81, in _process
    _validate(msg)
  File "/srv/sample/bloom_sample.py", line 77, in _validate
    raise ValueError(msg)
ValueError: boom
`;

const CHAINED = `Traceback (most recent call last):
  File "/app/tasks/db.py", line 10, in load
    return conn.execute(q)
  File "/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/base.py", line 1418, in execute
    return meth(self, distilled_params)
psycopg2.OperationalError: server closed the connection unexpectedly
	This probably means the server terminated abnormally

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "<frozen importlib._bootstrap>", line 1176, in _find_and_load
  File "/app/tasks/report.py", line 3, in build
    rows = load()
  [Previous line repeated 2 more times]
RuntimeError: report failed`;

function joinParts(parts: readonly TracebackPart[]): string {
  return parts.flatMap((part) => (part.kind === "frame" ? part.frame.lines : part.lines)).join("\n");
}

describe("classifyFrame", () => {
  it.each([
    ["/usr/lib/python3/dist-packages/celery/app/trace.py", "library"],
    ["/usr/local/lib/python3.12/site-packages/sqlalchemy/engine/base.py", "library"],
    ["/srv/app/.venv/lib/python3.11/site-packages/kombu/connection.py", "library"],
    ["/usr/lib/python3.11/concurrent/futures/thread.py", "library"],
    ["/root/.pyenv/versions/3.11.4/lib/python3.11/json/decoder.py", "library"],
    ["/usr/lib64/python3.9/socket.py", "library"],
    ["<frozen importlib._bootstrap>", "library"],
    ["C:\\Python311\\Lib\\asyncio\\base_events.py", "library"],
    ["C:\\Users\\ops\\venv\\Lib\\site-packages\\celery\\app\\trace.py", "library"],
    ["/srv/sample/bloom_sample.py", "user"],
    ["/app/tasks/lib/helpers.py", "user"],
    ["C:\\Users\\ops\\project\\lib\\jobs.py", "user"],
    ["<string>", "user"],
  ] as const)("%s is %s code", (file, origin) => {
    expect(classifyFrame(file)).toBe(origin);
  });
});

describe("parseTraceback", () => {
  it("splits a Celery failure into header, frames with their source and caret lines, and the exception", () => {
    const parts = parseTraceback(CELERY_FAILURE);
    expect(parts.map((part) => (part.kind === "frame" ? `${part.frame.origin}:${part.frame.func}` : `text:${part.lines[0]}`))).toEqual([
      "text:Traceback (most recent call last):",
      "library:trace_task",
      "library:__protected_call__",
      "user:fail",
      "user:_process",
      "user:_validate",
      "text:ValueError: boom",
    ]);
    const first = parts[1];
    expect(first?.kind === "frame" && first.frame).toMatchObject({ file: "/usr/lib/python3/dist-packages/celery/app/trace.py", line: 451 });
    expect(first?.kind === "frame" && first.frame.lines).toHaveLength(3);
  });

  it("keeps chained exceptions, frames without source and notes, and loses nothing", () => {
    const parts = parseTraceback(CHAINED);
    const frames = parts.flatMap((part) => (part.kind === "frame" ? [part.frame] : []));
    expect(frames.map((frame) => [frame.func, frame.origin])).toEqual([
      ["load", "user"],
      ["execute", "library"],
      ["_find_and_load", "library"],
      ["build", "user"],
    ]);
    const texts = parts.flatMap((part) => (part.kind === "text" ? part.lines : []));
    expect(texts).toContain("The above exception was the direct cause of the following exception:");
    expect(texts).toContain("\tThis probably means the server terminated abnormally");
    expect(texts).toContain("  [Previous line repeated 2 more times]");
    expect(joinParts(parts)).toBe(CHAINED);
    expect(joinParts(parseTraceback(CELERY_FAILURE))).toBe(CELERY_FAILURE);
  });

  it("passes text that is not a traceback through as text", () => {
    const text = "<script>alert(1)</script>\njavascript:alert(1)";
    expect(parseTraceback(text)).toEqual([{ kind: "text", lines: ["<script>alert(1)</script>", "javascript:alert(1)"] }]);
  });
});

describe("groupFrames", () => {
  it("folds consecutive library frames and keeps each user frame apart", () => {
    const groups = groupFrames(parseTraceback(CELERY_FAILURE));
    expect(groups.map((group) => (group.kind === "library" ? `library×${group.frames.length}` : group.kind))).toEqual(["text", "library×2", "user", "user", "user", "text"]);
  });
});
