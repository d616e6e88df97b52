/**
 * Python tracebacks, split into parts a reader can scan: frames of the user's own code stand
 * out, frames of installed libraries and the standard library can be folded away. The split
 * is lossless — joining every part's lines gives back the text exactly — so whatever this
 * parser does not understand (exception groups, a log line that slipped in) is still shown.
 */

export type FrameOrigin = "user" | "library";

export type TracebackFrame = {
  file: string;
  line: number | null;
  func: string | null;
  origin: FrameOrigin;
  /** the `File "…", line N, in f` line followed by its source and caret lines, verbatim */
  lines: string[];
};

export type TracebackPart = { kind: "frame"; frame: TracebackFrame } | { kind: "text"; lines: string[] };

const FRAME_LINE = /^(\s*)File "(.*)", line (\d+)(?:, in (.*))?\s*$/;

/**
 * Where code that is not the user's lives: installed packages (pip, Debian), the standard
 * library of any install (system, /usr/local, pyenv, venv, Windows), and frozen modules.
 */
const LIBRARY_PATHS: readonly RegExp[] = [
  /[\\/](?:site|dist)-packages[\\/]/i,
  /[\\/]lib(?:64)?[\\/]python\d+(?:\.\d+)?[\\/]/i,
  /^[a-z]:\\(?:.*\\)?python\d*\\lib\\/i,
  /^<frozen /,
];

export function classifyFrame(file: string): FrameOrigin {
  return LIBRARY_PATHS.some((pattern) => pattern.test(file)) ? "library" : "user";
}

export function parseTraceback(text: string): TracebackPart[] {
  const lines = text.split("\n");
  const parts: TracebackPart[] = [];
  let textLines: string[] = [];
  let frame: TracebackFrame | null = null;
  let frameIndent = 0;

  const flushText = () => {
    if (textLines.length > 0) parts.push({ kind: "text", lines: textLines });
    textLines = [];
  };
  const flushFrame = () => {
    if (frame) parts.push({ kind: "frame", frame });
    frame = null;
  };

  for (const line of lines) {
    const match = FRAME_LINE.exec(line);
    if (match) {
      flushFrame();
      flushText();
      const [, indent = "", file = "", lineNumber, func] = match;
      frame = { file, line: lineNumber ? Number(lineNumber) : null, func: func ?? null, origin: classifyFrame(file), lines: [line] };
      frameIndent = indent.length;
      continue;
    }
    // A frame's source and caret lines are indented deeper than its File line.
    if (frame && line.trim() !== "" && indentOf(line) > frameIndent) {
      frame.lines.push(line);
      continue;
    }
    flushFrame();
    textLines.push(line);
  }
  flushFrame();
  flushText();
  return parts;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Library frames that follow each other fold into one group; user frames stay single. */
export type FrameGroup = { kind: "user"; frame: TracebackFrame } | { kind: "library"; frames: TracebackFrame[] } | { kind: "text"; lines: string[] };

export function groupFrames(parts: readonly TracebackPart[]): FrameGroup[] {
  const groups: FrameGroup[] = [];
  for (const part of parts) {
    if (part.kind === "text") {
      groups.push(part);
    } else if (part.frame.origin === "user") {
      groups.push({ kind: "user", frame: part.frame });
    } else {
      const last = groups.at(-1);
      if (last?.kind === "library") last.frames.push(part.frame);
      else groups.push({ kind: "library", frames: [part.frame] });
    }
  }
  return groups;
}
