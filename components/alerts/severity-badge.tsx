import { StatusBadge } from "@/components/ui/status-badge";
import type { AlertPhase } from "@/lib/alerts/state-machine";

export function SeverityBadge({ severity }: { severity: string }) {
  return <StatusBadge tone={severity === "critical" ? "critical" : "warning"}>{severity}</StatusBadge>;
}

/** ok / pending / firing, with "disabled" for a rule that is off and "silenced" beside it when muted. */
export function PhaseBadge({ phase, enabled = true }: { phase: AlertPhase | null; enabled?: boolean }) {
  if (!enabled) return <StatusBadge tone="neutral">disabled</StatusBadge>;
  if (phase === null) return <StatusBadge tone="neutral">not evaluated</StatusBadge>;
  return <StatusBadge tone={phase === "firing" ? "critical" : phase === "pending" ? "warning" : "healthy"}>{phase}</StatusBadge>;
}
