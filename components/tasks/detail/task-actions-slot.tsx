/**
 * CONTROL ACTIONS SLOT. Revoke, terminate and retry arrive with the control layer (remote
 * control through the ingest worker, with roles and an audit log) and render here, beside the
 * task's state; which ones are offered depends on it (no revoke once SUCCESS, retry after
 * FAILURE). Until then it renders nothing: a button that does nothing is worse than none
 * during an incident.
 */
export function TaskActionsSlot(_task: { uuid: string; state: string }) {
  return null;
}
