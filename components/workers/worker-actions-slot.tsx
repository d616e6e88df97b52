/**
 * SLOT: worker actions (shutdown, pool grow/shrink, autoscale, add/cancel consumer, rate
 * limits). They arrive with Bloom's control layer, which will render its controls here,
 * guarded by role checks. Until then this renders nothing: no button that does nothing.
 */
export function WorkerActionsSlot(_props: { hostname: string; online: boolean }) {
  return null;
}
