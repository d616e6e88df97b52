import { timingSafeEqual } from "node:crypto";

/**
 * Users defined by configuration, as Flower defines them: `--basic_auth=user:pass,user2:pass2`
 * (FLOWER_BASIC_AUTH / BLOOM_BASIC_AUTH). The split follows Flower's: entries on ",", then
 * user and password on the FIRST ":" — so a password may contain ":" but not ",". A "," or
 * any other character is written percent-encoded (`%2C`), which is decoded after the split;
 * a literal "%" is `%25`. Unicode works as is.
 */
export type ConfiguredUser = { username: string; password: string };

export class BasicAuthSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BasicAuthSyntaxError";
  }
}

export function parseBasicAuth(value: string): ConfiguredUser[] {
  const users: ConfiguredUser[] = [];
  for (const entry of value.split(",")) {
    if (entry.trim() === "") continue;
    const colon = entry.indexOf(":");
    if (colon <= 0) throw new BasicAuthSyntaxError(`"${entry.slice(0, 40)}" is not user:password`);
    const username = decodePart(entry.slice(0, colon).trim(), "user name");
    const password = decodePart(entry.slice(colon + 1), "password");
    if (password === "") throw new BasicAuthSyntaxError(`user "${username}" has an empty password`);
    if (users.some((user) => user.username === username)) throw new BasicAuthSyntaxError(`user "${username}" is listed twice`);
    users.push({ username, password });
  }
  return users;
}

function decodePart(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new BasicAuthSyntaxError(`a ${what} has a "%" that is not a percent-escape (write a literal % as %25)`);
  }
}

/** Compares in constant time over the longer length, so timing tells nothing about the password. */
export function passwordsEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  const length = Math.max(a.length, b.length, 1);
  const paddedA = Buffer.alloc(length);
  const paddedB = Buffer.alloc(length);
  a.copy(paddedA);
  b.copy(paddedB);
  return timingSafeEqual(paddedA, paddedB) && a.length === b.length;
}

/** `Authorization: Basic base64(user:password)` → its parts; the password keeps any ":". */
export function decodeBasicHeader(header: string | null): ConfiguredUser | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
