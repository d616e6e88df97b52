import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/config-error";
import { createEventSource } from "./event-source";

// Construction only: no source here is started, so nothing touches the network.
describe("createEventSource", () => {
  it.each([
    ["redis://localhost:6379/0", "redis"],
    ["rediss://localhost:6380/1?ssl_cert_reqs=none", "redis"],
    ["sentinel://localhost:26379?master_name=mymaster", "redis"],
    ["amqp://guest:guest@localhost:5672//", "amqp"],
    ["amqps://localhost", "amqp"],
    ["pyamqp://localhost//", "amqp"],
  ] as const)("picks the %s implementation by scheme", (url, transport) => {
    const source = createEventSource(url, {});
    expect(source.transport).toBe(transport);
    expect(source.status().state).toBe("connecting");
  });

  it("takes the Sentinel master name from the options when the URL has none", () => {
    expect(() => createEventSource("sentinel://localhost:26379", {})).toThrow(/master_name/);
    expect(createEventSource("sentinel://localhost:26379", { sentinelMasterName: "mymaster" }).transport).toBe("redis");
  });

  it("names CELERY_BROKER_URL for an unknown scheme", () => {
    expect(() => createEventSource("sqs://key:secret@queue", {})).toThrow(ConfigError);
    expect(() => createEventSource("sqs://key:secret@queue", {})).toThrow(/^CELERY_BROKER_URL: .*"sqs"/);
  });

  it("refuses nonsensical AMQP queue settings up front", () => {
    expect(() => createEventSource("amqp://localhost", { amqp: { prefetch: 0 } })).toThrow(/amqp.prefetch/);
    expect(() => createEventSource("amqp://localhost", { amqp: { maxLength: 1.5 } })).toThrow(/amqp.maxLength/);
    expect(() => createEventSource("amqp://localhost", { amqp: { queueName: " " } })).toThrow(/queueName/);
  });
});
