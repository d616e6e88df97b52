import type { JsonValue } from "@/lib/celery/json-value";

/**
 * The one place Bloom decides what is secret before showing configuration: Bloom's own
 * settings and the Celery `conf` that workers report both pass through `maskSecrets`.
 * Anything under a secret-looking key is replaced; every other string has the passwords
 * in its URLs (and `?password=`-like query parameters) replaced.
 */
export const MASK = "********";

// Celery's own list (celery.app.utils HIDDEN_SETTINGS) masks every key containing "KEY",
// which would hide routing keys an admin needs to see; this list names secrets explicitly.
const SECRET_KEY = /secret|passw(or)?d|passwd|pwd|token|credential|signature|api[-_]?key|private[-_]?key|access[-_]?key|security[-_]?key|auth(orization)?$|cookie|session[-_]?key/i;

/** True for keys such as `password`, `broker_password`, `AWS_SECRET_ACCESS_KEY`, `apiToken`. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const URL_START = /\b[a-z][a-z0-9+.-]*:\/\//gi;
// A URL inside free text ends at whitespace, a quote, a bracket or a `;` (kombu's failover separator).
const URL_END = /[\s"'<>()[\]{};,]/;
const SECRET_PARAM = /([?&][^=&#\s]*(?:pass|secret|token|key|signature|credential)[^=&#\s]*=)[^&#\s]*/gi;

/** Replaces the password of every `scheme://user:password@host` in `text`, and secret query parameters. */
export function maskUrlCredentials(text: string): string {
  let out = "";
  let cursor = 0;
  for (const match of text.matchAll(URL_START)) {
    const start = match.index;
    if (start < cursor) continue;
    const authorityStart = start + match[0].length;
    let end = authorityStart;
    while (end < text.length && !URL_END.test(text[end] ?? "")) end++;
    out += text.slice(cursor, authorityStart) + maskAuthority(text.slice(authorityStart, end));
    cursor = end;
  }
  return out + text.slice(cursor);
}

function maskAuthority(rest: string): string {
  // The userinfo ends at the LAST '@' before the path's query: an unescaped '@' or '/' in a
  // password must not leave half of it visible. Over-masking a path with '@' is the safe side.
  const queryAt = rest.search(/[?#]/);
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const query = queryAt < 0 ? "" : rest.slice(queryAt);
  const at = beforeQuery.lastIndexOf("@");
  let masked = beforeQuery;
  if (at > 0) {
    const userinfo = beforeQuery.slice(0, at);
    const colon = userinfo.indexOf(":");
    if (colon >= 0 && colon < userinfo.length - 1) masked = `${userinfo.slice(0, colon)}:${MASK}${beforeQuery.slice(at)}`;
  }
  return masked + query.replace(SECRET_PARAM, `$1${MASK}`);
}

/**
 * A copy of `value` safe to display. Empty secrets (null, "", false) stay as they are: that
 * a password is unset is useful to know and reveals nothing.
 */
export function maskSecrets(value: JsonValue, key?: string): JsonValue {
  if (key !== undefined && isSecretKey(key) && !isEmpty(value)) return MASK;
  if (typeof value === "string") return maskUrlCredentials(value);
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item));
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: JsonValue } = {};
    for (const [childKey, child] of Object.entries(value)) {
      Object.defineProperty(out, childKey, { value: maskSecrets(child, childKey), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function isEmpty(value: JsonValue): boolean {
  return value === null || value === "" || value === false;
}
