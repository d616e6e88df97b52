import { describe, expect, it } from "vitest";
import { knownQueuesFromConfs } from "./conf-queues";

// kombu Queue.as_dict() as Celery 5.2.6's `inspect conf` sends a Queue of `task_queues` (captured
// from jsonify(app.conf.table(...)) with kombu 5.2.4), trimmed to the fields that matter plus a few.
const queue = (name: string, exchange: string, type = "direct") => ({
  name,
  exchange: { name: exchange, type, arguments: null, durable: true },
  routing_key: `${name}.#`,
  queue_arguments: null,
  bindings: [],
});

describe("knownQueuesFromConfs", () => {
  it("reads task_queues, whatever exchange each queue is bound to", () => {
    const conf = { task_queues: [queue("celery", ""), queue("reports", "bloom.reports", "topic"), queue("archive", "bloom.reports", "topic")], task_routes: null };
    expect(knownQueuesFromConfs([conf])).toEqual({ queues: ["celery", "reports", "archive"], exchanges: ["bloom.reports"] });
  });

  it("reads every form of task_routes Celery accepts, skipping router paths", () => {
    const conf = {
      task_routes: [
        { "app.report": { queue: "reports", routing_key: "********" }, "app.plain": "plain", "app.object": { queue: queue("objects", "media", "topic") } },
        [["app.feeds.*", { queue: "feeds" }], ["app.video.*", "video"]],
        "app.routers.CustomRouter",
        { "app.by-exchange": { exchange: "fanout.x", routing_key: "********" } },
      ],
      task_default_queue: "default",
    };
    expect(knownQueuesFromConfs([conf])).toEqual({
      queues: ["reports", "plain", "objects", "feeds", "video", "default"],
      exchanges: ["media", "fanout.x"],
    });
  });

  it("reads the mapping form and merges workers without duplicates", () => {
    const conf = { task_routes: { "app.io": { queue: "io" } } };
    expect(knownQueuesFromConfs([conf, conf, { task_queues: null, task_routes: null, task_default_queue: null }])).toEqual({ queues: ["io"], exchanges: [] });
  });

  it("skips what is not a routing setting instead of failing", () => {
    const odd = [null, "conf", 3, [], { task_queues: "celery", task_routes: 7 }, { task_queues: [{ nom: "x" }, "", 5], task_routes: { a: { queue: 9 }, b: null } }];
    expect(knownQueuesFromConfs(odd)).toEqual({ queues: [], exchanges: [] });
  });
});
