import { describe, expect, it } from "vitest";
import { workerPresence } from "./presence";

const NOW = 1_800_000_000_000;

describe("workerPresence", () => {
  it("is online while the last heartbeat is younger than freq × 2", () => {
    expect(workerPresence({ status: "online", lastHeartbeat: NOW - 3_999, freq: 2, offlineAt: null }, NOW)).toEqual({ online: true, wentAwayAt: null });
  });

  it("is gone once heartbeats stop, at the moment they expired, before any sweeper runs", () => {
    expect(workerPresence({ status: "online", lastHeartbeat: NOW - 10_000, freq: 2, offlineAt: null }, NOW)).toEqual({ online: false, wentAwayAt: NOW - 6_000 });
  });

  it("uses offline_at for workers that said goodbye or were swept", () => {
    expect(workerPresence({ status: "offline", lastHeartbeat: NOW - 60_000, freq: 2, offlineAt: NOW - 59_000 }, NOW)).toEqual({ online: false, wentAwayAt: NOW - 59_000 });
    expect(workerPresence({ status: "offline", lastHeartbeat: null, freq: 2, offlineAt: null }, NOW)).toEqual({ online: false, wentAwayAt: null });
  });
});
