import { describe, expect, it } from "vitest";
import { changeNotification } from "./change-notification";

describe("changeNotification", () => {
  it("names the changed tasks and workers", () => {
    expect(JSON.parse(changeNotification(["a", "b"], ["w1@h"], 5))).toEqual({ tasks: ["a", "b"], workers: ["w1@h"], at: 5 });
  });

  it("says 'many' instead of exceeding NOTIFY's 8000-byte payload limit", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`);
    const payload = changeNotification(ids, ["w1@h"], 5);
    expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(JSON.parse(payload)).toEqual({ tasks: "many", workers: ["w1@h"], at: 5 });
    const hosts = Array.from({ length: 1000 }, (_, i) => `worker-${i}@a-rather-long-hostname.example`);
    expect(JSON.parse(changeNotification(ids, hosts, 5))).toEqual({ tasks: "many", workers: "many", at: 5 });
  });
});
