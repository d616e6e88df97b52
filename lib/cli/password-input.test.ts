import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CommandError } from "./command-error";
import { applyKeys, promptHidden, readPasswordFromStream, type KeyState } from "./password-input";

const typing = (value = ""): KeyState => ({ value, status: "typing" });
const keys = (...chunks: string[]) => chunks.reduce(applyKeys, typing());

describe("applyKeys (the hidden prompt's line editing)", () => {
  it("ends at Enter, keeping spaces and unicode", () => {
    expect(keys("pa ss", "wörd 🌸", "\r")).toEqual({ value: "pa sswörd 🌸", status: "done" });
  });
  it("Backspace removes one character, even one outside the BMP; Ctrl-U clears", () => {
    expect(keys("ab🌸", "\u007f", "c\r")).toEqual({ value: "abc", status: "done" });
    expect(keys("abc\u0015xyz\n")).toEqual({ value: "xyz", status: "done" });
  });
  it("Ctrl-C cancels; Ctrl-D cancels only on an empty line", () => {
    expect(keys("secret", "\u0003")).toEqual({ value: "", status: "cancelled" });
    expect(keys("\u0004")).toEqual({ value: "", status: "cancelled" });
    expect(keys("ab\u0004c\r")).toEqual({ value: "abc", status: "done" });
  });
  it("ignores arrow keys and other escape sequences, and control characters", () => {
    expect(keys("a\u001b[Db\u001b[1;5Cc\u001bOA\t\r")).toEqual({ value: "abc", status: "done" });
  });
  it("a pasted chunk stops at its first line break", () => {
    expect(keys("first\rsecond")).toEqual({ value: "first", status: "done" });
  });
});

describe("readPasswordFromStream (--password-stdin)", () => {
  const read = (...chunks: string[]) => readPasswordFromStream(Readable.from(chunks.map((chunk) => Buffer.from(chunk))));
  it("drops one trailing line break (LF or CRLF) and nothing else", async () => {
    expect(await read("  pass word \n")).toBe("  pass word ");
    expect(await read("pass", "word\r\n")).toBe("password");
    expect(await read("password")).toBe("password");
  });
  it("refuses more than one line, and a runaway pipe", async () => {
    await expect(read("one\ntwo\n")).rejects.toThrow(new CommandError("bloom users: standard input holds more than one line; expected one password", 2));
    await expect(read("x".repeat(5000))).rejects.toThrow(/more than 4096 bytes/);
  });
});

describe("promptHidden on a terminal", () => {
  it("turns echo off before the prompt appears, and back on after Enter", async () => {
    const calls: string[] = [];
    const input = Object.assign(new PassThrough(), {
      isTTY: true,
      setRawMode: (mode: boolean) => calls.push(`raw ${mode}`),
    });
    const answer = promptHidden("New password: ", input, (text) => calls.push(`show ${JSON.stringify(text)}`));
    input.write("s3cret\r");
    await expect(answer).resolves.toBe("s3cret");
    expect(calls).toEqual(["raw true", 'show "New password: "', "raw false", 'show "\\n"']);
  });
});
