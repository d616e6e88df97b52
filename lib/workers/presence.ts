import { heartbeatExpires } from "@/lib/celery/worker-state";

export type PresenceInput = {
  status: string;
  /** epoch ms */
  lastHeartbeat: number | null;
  freq: number;
  /** epoch ms */
  offlineAt: number | null;
};

export type Presence = { online: boolean; /** epoch ms when it went away; null while online or never seen */ wentAwayAt: number | null };

/**
 * Whether a worker is up now, by Celery's own rule (alive while now < last heartbeat +
 * freq × 2). The sweeper marks silent workers offline in the database every few seconds;
 * judging here too keeps a page truthful between sweeps, or when no sweeper runs at all.
 */
export function workerPresence(worker: PresenceInput, nowMs: number): Presence {
  const expiresSeconds = heartbeatExpires({ lastHeartbeat: worker.lastHeartbeat === null ? null : worker.lastHeartbeat / 1000, freq: worker.freq });
  const expiresMs = expiresSeconds === null ? null : expiresSeconds * 1000;
  if (worker.status === "online") {
    if (expiresMs !== null && nowMs < expiresMs) return { online: true, wentAwayAt: null };
    return { online: false, wentAwayAt: expiresMs };
  }
  return { online: false, wentAwayAt: worker.offlineAt ?? expiresMs };
}
