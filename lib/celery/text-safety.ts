/**
 * Strings decoded from the wire may hold NUL or unpaired UTF-16 surrogates (JSON "\u0000",
 * "\ud800"). JavaScript is fine with both, but PostgreSQL is not: `text` rejects NUL and
 * `jsonb` rejects "\u0000" and unpaired surrogate escapes, which would fail a whole batch
 * insert. The protocol layer therefore rejects such identifiers and repairs free text.
 */

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

export const REPLACEMENT_CHARACTER = "\uFFFD";

/** True when the string can be stored in PostgreSQL text/jsonb as is. */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** Replaces NUL and unpaired surrogates with U+FFFD; returns the same string when already clean. */
export function toStorableText(s: string): string {
  return isStorableText(s) ? s : s.replace(UNSTORABLE_ALL, REPLACEMENT_CHARACTER);
}

/**
 * Cuts a string to at most `max` UTF-16 units plus a visible marker, never splitting a
 * surrogate pair (a split pair would itself be unstorable).
 */
export function truncateText(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  const last = s.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${s.slice(0, cut)}… [truncated ${s.length - cut} characters]`;
}
