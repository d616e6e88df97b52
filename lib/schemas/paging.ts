import { z } from "zod";

/** Rows per page of a console table. */
export const PAGE_SIZE = 100;

/**
 * Keyset pagination: a cursor is the position of a row in the sort order (its sort value and
 * id), never an offset, so page 5,000 costs what page 1 costs and rows arriving meanwhile do
 * not shift what the next page shows. Cursors are opaque base64url JSON in the URL.
 */
export const cursorParam = z
  .string()
  .max(1024, "cursor too long")
  .regex(/^[A-Za-z0-9_-]+$/, "must be a cursor taken from a page link");

export type PageDirection = "after" | "before";

export function encodeCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** Decodes a cursor made by encodeCursor; null when it is not one (or not of this shape). */
export function decodeCursor<T extends z.ZodType>(token: string, shape: T): z.output<T> | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = shape.safeParse(json);
  return parsed.success ? parsed.data : null;
}
