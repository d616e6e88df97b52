import { changeLogRange, listChangesAfter } from "@/lib/repositories/change-log";

/** change_log as the live stream's hub replays it (lib/realtime/change-hub.ts). */
export const changeLogFeed = {
  range: () => changeLogRange(),
  after: (seq: number, limit: number) => listChangesAfter(seq, limit),
};
