/**
 * Passwords for `bloom users`: typed at a terminal without echo, or piped on standard input
 * (`--password-stdin`, for scripts). Never taken from the command line: every user of the
 * machine can read a process's arguments (`ps`, /proc/<pid>/cmdline).
 */
import { CommandError } from "./command-error";

/** Exit code of a prompt ended with Ctrl-C, as a shell reports SIGINT. */
export const CANCELLED_EXIT = 130;

export type KeyState = { value: string; status: "typing" | "done" | "cancelled" };

/**
 * Applies what a raw-mode terminal sent to the password typed so far. Pure, so the editing
 * rules are tested without a terminal: Enter ends, Ctrl-C / Ctrl-D (on an empty line)
 * cancel, Backspace deletes a character (not a UTF-16 half), Ctrl-U clears, escape
 * sequences (arrow keys) and other control characters are ignored; pasted text arrives as
 * one chunk and is taken up to its first line break.
 */
export function applyKeys(state: KeyState, chunk: string): KeyState {
  let value = state.value;
  const chars = [...chunk];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] ?? "";
    if (char === "\r" || char === "\n") return { value, status: "done" };
    if (char === "\u0003") return { value: "", status: "cancelled" };
    if (char === "\u0004") {
      if (value === "") return { value: "", status: "cancelled" };
      continue;
    }
    if (char === "\u007f" || char === "\b") {
      value = [...value].slice(0, -1).join("");
      continue;
    }
    if (char === "\u0015") {
      value = "";
      continue;
    }
    if (char === "\u001b") {
      // CSI/SS3 sequences: ESC, then "[" or "O", parameters, and one final letter or "~".
      if (chars[index + 1] === "[" || chars[index + 1] === "O") {
        index += 2;
        while (index < chars.length && !/[A-Za-z~]/.test(chars[index] ?? "")) index++;
      }
      continue;
    }
    if (char < " ") continue;
    value += char;
  }
  return { value, status: "typing" };
}

/** A terminal input we can switch to raw mode (process.stdin when it is a TTY). */
export type TerminalInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** Asks once; the prompt and the final newline go to `output` (stderr, so stdout stays data). */
export function promptHidden(prompt: string, input: TerminalInput, output: (text: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!input.isTTY || !input.setRawMode) {
      reject(new CommandError("bloom users: standard input is not a terminal; pipe the password with --password-stdin", 2));
      return;
    }
    const setRawMode = input.setRawMode.bind(input);
    // Echo off before the prompt shows: whoever types as soon as they see it (a fast typist,
    // a script driving the terminal) must never have the password echoed in cooked mode.
    setRawMode(true);
    output(prompt);
    input.setEncoding("utf8");
    let state: KeyState = { value: "", status: "typing" };
    const finish = () => {
      input.off("data", onData);
      setRawMode(false);
      input.pause();
      output("\n");
    };
    const onData = (chunk: string | Buffer) => {
      state = applyKeys(state, typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      if (state.status === "typing") return;
      finish();
      if (state.status === "done") resolve(state.value);
      else reject(new CommandError("bloom users: cancelled", CANCELLED_EXIT));
    };
    input.on("data", onData);
    input.resume();
  });
}

/** Asks twice, so a typo is not what gets stored. */
export async function promptNewPassword(input: TerminalInput, output: (text: string) => void): Promise<string> {
  const first = await promptHidden("New password: ", input, output);
  const second = await promptHidden("Repeat it: ", input, output);
  if (first !== second) throw new CommandError("bloom users: the two passwords differ; nothing was changed", 2);
  return first;
}

/** Upper bound for a piped password: bcrypt reads 72 bytes; this only stops a runaway pipe. */
const MAX_STDIN_BYTES = 4096;

/**
 * `--password-stdin`: the whole of standard input, less one trailing line break (what
 * `echo` and `printf '%s\n'` add). Spaces are kept: they may be part of the password. More
 * than one line is refused rather than guessed at.
 */
export async function readPasswordFromStream(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new CommandError(`bloom users: standard input holds more than ${MAX_STDIN_BYTES} bytes; expected one password`, 2);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (/[\r\n]/.test(text)) throw new CommandError("bloom users: standard input holds more than one line; expected one password", 2);
  return text;
}
