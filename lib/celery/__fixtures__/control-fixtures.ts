import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FIXTURE_DIR, SHARED_WIRE_SAMPLES } from "./fixtures";

/**
 * Remote-control and task-message captures (real Celery 5.2.6 / kombu 5.2.4 on Redis 7), copied
 * from shared/wire-samples into __fixtures__/control so the tests do not depend on the
 * repository's surroundings. `redis-cli MONITOR` and `redis-cli` print arguments quoted with
 * C-like escapes; `parseMonitor` turns them back into the exact bytes (as latin1 strings).
 */

export const CONTROL_FIXTURE_DIR = path.join(FIXTURE_DIR, "control");

export function controlFixtureNames(): string[] {
  return readdirSync(CONTROL_FIXTURE_DIR).filter((name) => name !== "README.md");
}

export function readControlFixture(name: string): string {
  return readFileSync(path.join(CONTROL_FIXTURE_DIR, name), "utf8");
}

export function sharedCopyMatches(name: string): boolean | undefined {
  const original = path.join(SHARED_WIRE_SAMPLES, name);
  if (!existsSync(original)) return undefined;
  return readFileSync(original, "utf8") === readControlFixture(name);
}

/** One step of pidbox-decoded.json: the PUBLISH of the request and the worker's LPUSH reply. */
export type PidboxCaptureEntry = {
  redis_command: "PUBLISH" | "LPUSH";
  key: string;
  envelope_raw: string;
  body_decoded: unknown;
};

export function readPidboxCapture(): Record<string, PidboxCaptureEntry[]> {
  return JSON.parse(readControlFixture("pidbox-decoded.json")) as Record<string, PidboxCaptureEntry[]>;
}

export type MonitorCommand = { db: number; client: string; args: string[] };

/** Parses `redis-cli MONITOR` lines: `1795362142.57 [0 127.0.0.1:41994] "SADD" "key" "member"`. */
export function parseMonitor(text: string): MonitorCommand[] {
  const commands: MonitorCommand[] = [];
  for (const line of text.split("\n")) {
    const head = /^\d+\.\d+ \[(\d+) ([^\]]+)\] /.exec(line);
    if (!head) continue;
    commands.push({ db: Number(head[1]), client: head[2] ?? "", args: parseQuotedArgs(line.slice(head[0].length)) });
  }
  return commands;
}

/** The value of a `redis-cli` reply such as `1) "{\"body\": ...}"`. */
export function parseRedisCliValue(text: string): string {
  const start = text.indexOf('"');
  const [value] = parseQuotedArgs(text.slice(start).trim());
  if (value === undefined) throw new Error("no quoted value");
  return value;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", a: "\x07", b: "\b", '"': '"', "\\": "\\" };

function parseQuotedArgs(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === " ") {
      i++;
      continue;
    }
    if (text[i] !== '"') throw new Error(`unquoted argument at ${i}: ${text.slice(i, i + 20)}`);
    i++;
    let value = "";
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        const next = text[i + 1] ?? "";
        if (next === "x") {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
        } else {
          value += SIMPLE_ESCAPES[next] ?? next;
          i += 2;
        }
      } else {
        value += text[i];
        i++;
      }
    }
    i++; // closing quote
    args.push(value);
  }
  return args;
}
