import { z } from "zod";
import { BEAT_SOURCES } from "./beat-entry";

export const BEAT_STATES = ["ok", "late", "missing", "never-run", "disabled", "unknown"] as const;

const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The beat page's filters, from its URL (?source=&state=&q=): every view is a shareable link. */
export const beatFilterParams = z.object({
  source: z.preprocess(single, z.enum(BEAT_SOURCES).optional().catch(undefined)),
  state: z.preprocess(single, z.enum(BEAT_STATES).optional().catch(undefined)),
  q: z.preprocess(single, z.string().trim().max(200).optional().catch(undefined)),
});
export type BeatFilter = z.infer<typeof beatFilterParams>;

export function filterBeatEntries<T extends { source: string; verdict: string; name: string; task: string }>(entries: readonly T[], filter: BeatFilter): T[] {
  const q = filter.q?.toLowerCase();
  return entries.filter(
    (entry) =>
      (!filter.source || entry.source === filter.source) &&
      (!filter.state || entry.verdict === filter.state) &&
      (!q || entry.name.toLowerCase().includes(q) || entry.task.toLowerCase().includes(q)),
  );
}
