import { describe, expect, it } from "vitest";
import { knownQueuesFromActiveQueues, mergeKnownQueues } from "./known-queues";

// `celery inspect active_queues -j` as captured from Celery 5.2.6 (wire samples), trimmed to
// the fields of one queue that matter plus a few that do not.
const queue = (name: string) => ({
  name,
  exchange: { name, type: "direct", arguments: null, durable: true, passive: false, auto_delete: false, delivery_mode: null, no_declare: false },
  routing_key: name,
  queue_arguments: null,
  durable: true,
  exclusive: false,
  bindings: [],
  max_priority: null,
});
const captured: unknown = { "w1@vm": [queue("celery"), queue("io")] };

describe("knownQueuesFromActiveQueues", () => {
  it("reads the whole reply keyed by hostname, as the CLI prints it", () => {
    expect(knownQueuesFromActiveQueues([captured])).toEqual({ queues: ["celery", "io"], exchanges: ["celery", "io"] });
  });

  it("reads one worker's list and merges workers without duplicates", () => {
    const list = (captured as Record<string, unknown[]>)["w1@vm"] ?? [];
    const other = [{ name: "video", exchange: { name: "media", type: "topic" }, routing_key: "video.#" }];
    expect(knownQueuesFromActiveQueues([list, other, list])).toEqual({ queues: ["celery", "io", "video"], exchanges: ["celery", "io", "media"] });
  });

  it("skips what is not a kombu queue instead of failing", () => {
    expect(knownQueuesFromActiveQueues([null, 3, "celery", [{ nom: "x" }, { name: "" }, { name: "ok", exchange: null }], { "w@h": "nope" }])).toEqual({
      queues: ["ok"],
      exchanges: [],
    });
  });
});

describe("mergeKnownQueues", () => {
  it("always includes Celery's default queue and exchange, and drops internal queues", () => {
    const merged = mergeKnownQueues(["reports", "w1@vm.celery.pidbox"], { queues: ["io", "celery"], exchanges: ["io", ""] });
    expect(merged).toEqual({ queues: ["celery", "reports", "io"], exchanges: ["celery", "io"] });
  });
});
