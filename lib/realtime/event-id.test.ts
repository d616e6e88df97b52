import { describe, expect, it } from "vitest";
import { formatEventId, parseEventId } from "./event-id";
import { resumeUrl, streamUrl } from "./stream-protocol";

describe("stream event ids", () => {
  it("round-trip a position, with and without the task event part", () => {
    expect(formatEventId({ change: 42, event: null })).toBe("42");
    expect(formatEventId({ change: 42, event: 9_007_199_254_740_993n })).toBe("42-9007199254740993");
    expect(parseEventId("42-9007199254740993")).toEqual({ change: 42, event: 9_007_199_254_740_993n });
    expect(parseEventId(" 0 ")).toEqual({ change: 0, event: null });
  });

  it("read nothing from ids that are not positions", () => {
    for (const text of ["", null, undefined, "Ab3dE_fG.42", "-1", "1-", "1-2-3", "1.5", "1-9223372036854775808", "1234567890123456"]) expect(parseEventId(text)).toBeNull();
  });

  it("carry Last-Event-ID in the URL for a new EventSource", () => {
    expect(resumeUrl(streamUrl(["changes"]), "")).toBe("/api/stream");
    expect(resumeUrl(streamUrl(["changes"]), "7")).toBe("/api/stream?lastEventId=7");
    expect(resumeUrl(streamUrl(["events"], "12"), "7-12")).toBe("/api/stream?events=1&after=12&lastEventId=7-12");
  });
});
