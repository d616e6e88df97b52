import { StatusBadge, type BadgeTone } from "@/components/ui/status-badge";
import type { EntryVerdict, RunStatus } from "@/lib/beat/run-analysis";

const VERDICT: Record<EntryVerdict, { tone: BadgeTone; label: string; title: string }> = {
  ok: { tone: "healthy", label: "on schedule", title: "The last expected run happened on time" },
  late: { tone: "warning", label: "late", title: "The last run came later than its schedule allows" },
  missing: { tone: "critical", label: "missing", title: "Expected runs did not happen: beat is not sending this task" },
  "never-run": { tone: "neutral", label: "not seen", title: "Bloom has not seen a run of this entry yet" },
  disabled: { tone: "neutral", label: "disabled", title: "Disabled in its source: beat does not send it" },
  unknown: { tone: "neutral", label: "unknown schedule", title: "Bloom cannot evaluate this schedule" },
};

export function VerdictBadge({ verdict }: { verdict: EntryVerdict }) {
  const v = VERDICT[verdict];
  return (
    <StatusBadge tone={v.tone} title={v.title}>
      {v.label}
    </StatusBadge>
  );
}

const RUN: Record<RunStatus, { tone: BadgeTone; label: string }> = {
  first: { tone: "neutral", label: "ran" },
  "on-time": { tone: "healthy", label: "on time" },
  late: { tone: "warning", label: "late" },
  missed: { tone: "critical", label: "missed" },
  extra: { tone: "neutral", label: "off schedule" },
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <StatusBadge tone={RUN[status].tone}>{RUN[status].label}</StatusBadge>;
}
