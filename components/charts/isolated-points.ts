/**
 * A line is drawn between neighbouring values only, and the charts leave gaps (null) where a
 * bucket has no data rather than inventing a 0. So a value with no neighbour — the one busy
 * minute of a quiet cluster — would draw nothing at all; such points are drawn as dots.
 */
export function isIsolated(values: readonly (number | null)[], index: number): boolean {
  const present = (i: number) => i >= 0 && i < values.length && values[i] !== null && values[i] !== undefined;
  return present(index) && !present(index - 1) && !present(index + 1);
}
