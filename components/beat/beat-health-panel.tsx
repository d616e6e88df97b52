import Link from "next/link";
import { Panel } from "@/components/ui/panel";
import { RelativeTime } from "@/components/ui/relative-time";
import { HealthBadge } from "@/components/ui/status-badge";
import type { BeatHealthSummary } from "@/lib/beat/beat-health";

/** The dashboard's beat figure: shown once there is something to judge. */
export function BeatHealthPanel({ beat }: { beat: BeatHealthSummary | null }) {
  if (!beat || beat.tone === null) return null;
  return (
    <Panel title="Beat" actions={<HealthBadge tone={beat.tone} />}>
      <p className={`text-sm ${beat.tone === "critical" ? "text-red-700 dark:text-red-400" : ""}`} role={beat.tone === "critical" ? "alert" : undefined}>
        {beat.message}
      </p>
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
        {beat.judged} periodic task{beat.judged === 1 ? "" : "s"} watched
        {beat.lastRunAt !== null ? (
          <>
            {" "}
            · last sent <RelativeTime at={beat.lastRunAt} />
          </>
        ) : null}
      </p>
      <p className="mt-2 text-xs">
        <Link href="/beat" className="text-emerald-700 hover:underline dark:text-emerald-400">
          Beat schedule
        </Link>
      </p>
    </Panel>
  );
}
