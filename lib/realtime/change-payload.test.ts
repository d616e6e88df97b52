import { describe, expect, it } from "vitest";
import { changeNotification, CHANGES_CHANNEL as INGEST_CHANNEL } from "@/worker/ingest/change-notification";
import { CHANGES_CHANNEL, parseChangeNotice, parseChangePayload, touchesTasks, touchesWorkers } from "./change-payload";

describe("change payloads", () => {
  it("listens where the ingest worker notifies and reads what it sends", () => {
    expect(CHANGES_CHANNEL).toBe(INGEST_CHANNEL);
    expect(parseChangePayload(changeNotification(["t1"], [], 42))).toEqual({ tasks: ["t1"], workers: [], at: 42 });
    const many = parseChangePayload(changeNotification(Array.from({ length: 400 }, (_, i) => `task-${i}-${"x".repeat(30)}`), ["w@h"], 1));
    expect(many).toEqual({ tasks: "many", workers: ["w@h"], at: 1 });
  });

  it("reads a notification's seq apart from the change it carries, and one without a seq as unnumbered", () => {
    expect(parseChangeNotice('{"seq":17,"tasks":["t1"],"workers":[],"at":42}')).toEqual({ seq: 17, change: { tasks: ["t1"], workers: [], at: 42 } });
    expect(parseChangeNotice(changeNotification([], ["w@h"], 5))).toEqual({ seq: null, change: { tasks: [], workers: ["w@h"], at: 5 } });
    expect(parseChangeNotice('{"seq":0,"tasks":[],"workers":[],"at":1}')).toBeNull();
    expect(parseChangeNotice('{"seq":"7","tasks":[],"workers":[],"at":1}')).toBeNull();
    // A logged payload never carries the seq into what clients receive.
    expect(parseChangePayload('{"seq":17,"tasks":[],"workers":["w"],"at":1}')).toEqual({ tasks: [], workers: ["w"], at: 1 });
  });

  it("ignores what is not ours", () => {
    expect(parseChangePayload("not json")).toBeNull();
    expect(parseChangePayload('{"tasks": 3}')).toBeNull();
    expect(parseChangePayload(undefined)).toBeNull();
  });

  it("tells what a change touches", () => {
    expect(touchesTasks({ tasks: [], workers: ["w"], at: 0 })).toBe(false);
    expect(touchesWorkers({ tasks: [], workers: ["w"], at: 0 })).toBe(true);
    expect(touchesTasks({ tasks: "many", workers: [], at: 0 })).toBe(true);
  });
});
