import { describe, expect, it } from "vitest";
import { buildMessage } from "../message";
import { emailContent } from "./email";
import { slackPayload } from "./slack";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, webhookRequest } from "./webhook";

const AT = Date.UTC(2026, 10, 24, 12, 0, 0);
const rule = { id: "queue-depth-critical", name: "Queue depth above 50", severity: "critical", metric: "queue_depth", operator: "above", threshold: 50 } as const;
const fired = buildMessage("fired", rule, { value: 73, summary: "io has 73 waiting <messages>", subjects: [{ name: "io", value: "73" }] }, { firedAt: AT, at: AT }, "https://bloom.example.com");

describe("notification payloads", () => {
  it("describe the alert the same way in every channel", () => {
    expect(fired).toMatchObject({ condition: "above 50", valueText: "73", url: "https://bloom.example.com/alerts/rules/queue-depth-critical" });
    const slack = slackPayload(fired);
    expect(slack.text).toContain("[CRITICAL] Queue depth above 50 is firing");
    expect(JSON.stringify(slack.blocks)).toContain("io has 73 waiting &lt;messages&gt;");
    expect(JSON.stringify(slack.blocks)).toContain("<https://bloom.example.com/alerts/rules/queue-depth-critical|Open in Bloom>");
    const email = emailContent(fired);
    expect(email.subject).toBe("[CRITICAL] Queue depth above 50 is firing");
    expect(email.text).toContain("Value now: 73");
    expect(email.html).toContain("io has 73 waiting &lt;messages&gt;");
  });

  it("sign webhook bodies with HMAC-SHA256 over timestamp and body, verifiable by a receiver", () => {
    const request = webhookRequest(fired, "s3cret", AT);
    const timestamp = request.headers[TIMESTAMP_HEADER] ?? "";
    const signature = request.headers[SIGNATURE_HEADER] ?? "";
    expect(timestamp).toBe(String(AT / 1000));
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature("s3cret", timestamp, request.body, signature)).toBe(true);
    expect(verifySignature("other", timestamp, request.body, signature)).toBe(false);
    expect(verifySignature("s3cret", String(AT / 1000 + 1), request.body, signature)).toBe(false);
    expect(verifySignature("s3cret", timestamp, request.body.replace("73", "74"), signature)).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({ version: 1, kind: "fired", ruleId: "queue-depth-critical", value: 73 });
    expect(webhookRequest(fired, null, AT).headers[SIGNATURE_HEADER]).toBeUndefined();
  });
});
