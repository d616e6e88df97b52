import { z } from "zod";

/**
 * Free-text search. Three characters is the shortest text a trigram index can look up;
 * anything shorter would read every row, so it is refused with a message rather than slow.
 */
export const SEARCH_MIN_LENGTH = 3;
export const SEARCH_MAX_LENGTH = 200;

export const searchTextParam = z
  .string()
  .trim()
  .min(SEARCH_MIN_LENGTH, `type at least ${SEARCH_MIN_LENGTH} characters to search`)
  .max(SEARCH_MAX_LENGTH, `at most ${SEARCH_MAX_LENGTH} characters`)
  .refine((text) => !text.includes("\u0000"), "must not contain NUL");
