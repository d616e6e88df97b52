import { describe, expect, it } from "vitest";
import { MASK } from "@/lib/security/mask-secrets";
import { channelInput, channelView, resolveChannelConfig, type ChannelConfig } from "./channels";
import { nextAttemptDelay } from "./retry-schedule";

const input = (fields: Record<string, unknown>) => channelInput.parse({ name: "ops", ...fields });

describe("alert channels", () => {
  it("never show a Slack URL's token, a webhook's query or its secret", () => {
    const slack = channelView({ id: "1", name: "s", enabled: true, config: { type: "slack", url: "https://hooks.slack.com/services/T0/B0/XyZsecret" } });
    expect(slack.target).toBe(`https://hooks.slack.com/${MASK}`);
    const hook = channelView({ id: "2", name: "w", enabled: true, config: { type: "webhook", url: "https://u:pw@hooks.example.com/in/alerts?token=abc", secret: "s3cret" } });
    expect(hook.target).toBe(`https://u:${MASK}@hooks.example.com/in/alerts?${MASK}`);
    expect(hook.signed).toBe(true);
    expect(JSON.stringify([slack, hook])).not.toMatch(/XyZsecret|abc|s3cret|pw@/);
  });

  it("keep stored secrets when an edit leaves them blank, and clear them on request", () => {
    const stored: ChannelConfig = { type: "webhook", url: "https://hooks.example.com/a", secret: "old" };
    expect(resolveChannelConfig(input({ type: "webhook", url: "", secret: "" }), stored).data).toEqual(stored);
    expect(resolveChannelConfig(input({ type: "webhook", url: "https://x.example/b", secret: "new" }), stored).data).toEqual({ type: "webhook", url: "https://x.example/b", secret: "new" });
    expect(resolveChannelConfig(input({ type: "webhook", clearSecret: true }), stored).data).toEqual({ ...stored, secret: null });
    expect(resolveChannelConfig(input({ type: "slack", url: "" }), stored).success).toBe(false);
  });

  it("read email recipients from a comma or newline list, validated", () => {
    expect(resolveChannelConfig(input({ type: "email", to: "a@example.com, b@example.com\nc@example.com" }), null).data).toEqual({
      type: "email",
      to: ["a@example.com", "b@example.com", "c@example.com"],
    });
    expect(resolveChannelConfig(input({ type: "email", to: "not-an-address" }), null).success).toBe(false);
  });

  it("retry with exponential backoff up to a cap, and give up after the last attempt or on a permanent refusal", () => {
    const policy = { maxAttempts: 5, baseMs: 1000, maxMs: 5000 };
    expect([1, 2, 3, 4, 5].map((attempts) => nextAttemptDelay(policy, attempts, false))).toEqual([1000, 2000, 4000, 5000, null]);
    expect(nextAttemptDelay(policy, 1, true)).toBeNull();
  });
});
