import { StatusBadge, type BadgeTone } from "@/components/ui/status-badge";

const TONES: Record<string, BadgeTone> = { SUCCESS: "healthy", FAILURE: "critical", REVOKED: "critical", REJECTED: "critical", RETRY: "warning", STARTED: "warning" };

/** A Celery state as Celery spells it (upper case), coloured by outcome. */
export function TaskStateBadge({ state }: { state: string }) {
  return <StatusBadge tone={TONES[state] ?? "neutral"}>{state}</StatusBadge>;
}
