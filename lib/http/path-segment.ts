/**
 * A dynamic route segment as the user typed it. Worker hostnames hold "@", which links
 * escape as %40; decoding once more is harmless for names without a literal "%".
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
