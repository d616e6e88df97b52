import { EmptyState } from "@/components/ui/empty-state";

/** For panels fed by inspect replies the ingest worker has not collected (yet) for this worker. */
export function NotInspected({ what }: { what: string }) {
  return (
    <EmptyState title={`No ${what} yet`}>
      <p>Bloom stores what workers answer to inspect requests; this worker has not been inspected yet, or it is offline.</p>
    </EmptyState>
  );
}
