import { describe, expect, it } from "vitest";
import { bindingKey, isInternalQueue, parseBindingMember, priorityListName, queueListNames, queuesFromBindings } from "./redis-queues";

// Exactly what redis-cli printed for the capture in shared/wire-samples/redis-keys.txt.
const CAPTURED_KEYS = ["io\x06\x163", "celery\x06\x169", "celery\x06\x163", "io", "_kombu.binding.celery", "io\x06\x169", "celery", "_kombu.binding.io"];

describe("binding members", () => {
  it("reads kombu's routing_key, pattern, queue triple", () => {
    expect(parseBindingMember("celery\x06\x16\x06\x16celery")).toEqual({ routingKey: "celery", pattern: "", queue: "celery" });
    expect(parseBindingMember("video.#\x06\x16video.*\x06\x16media")).toEqual({ routingKey: "video.#", pattern: "video.*", queue: "media" });
  });

  it("keeps the pidbox reply binding a client adds (empty routing key and pattern)", () => {
    const member = "4e1f\x06\x16\x06\x164e1f.reply.celery.pidbox";
    expect(parseBindingMember(member)?.queue).toBe("4e1f.reply.celery.pidbox");
  });

  it("rejects members that are not three parts or name no queue", () => {
    for (const member of ["celery", "celery\x06\x16celery", "a\x06\x16b\x06\x16c\x06\x16d", "celery\x06\x16\x06\x16", ""]) {
      expect(parseBindingMember(member), JSON.stringify(member)).toBeNull();
    }
  });

  it("names the set of an exchange", () => {
    expect(bindingKey("celery")).toBe("_kombu.binding.celery");
    expect(CAPTURED_KEYS).toContain(bindingKey("io"));
  });

  it("lists the task queues of a set, without duplicates and internal queues", () => {
    const members = [
      "celery\x06\x16\x06\x16celery",
      "io\x06\x16\x06\x16io",
      "celery\x06\x16\x06\x16celery",
      "\x06\x16\x06\x16w1@vm.celery.pidbox",
      "broken",
    ];
    expect(queuesFromBindings(members)).toEqual(["celery", "io"]);
  });
});

describe("priority lists", () => {
  it("puts priority 0 in the queue itself and N in `<queue>\\x06\\x16N`", () => {
    expect(priorityListName("celery", 0)).toBe("celery");
    expect(priorityListName("celery", 3)).toBe("celery\x06\x163");
  });

  it("covers every list of the capture (default steps 3, 6, 9 and custom ones)", () => {
    const lists = [...queueListNames("celery"), ...queueListNames("io")];
    for (const key of CAPTURED_KEYS.filter((key) => !key.startsWith("_kombu"))) expect(lists).toContain(key);
    expect(queueListNames("celery")).toHaveLength(10);
    expect(queueListNames("celery")[0]).toBe("celery");
  });
});

describe("internal queues", () => {
  it.each(["w1@vm.celery.pidbox", "0b4c8a66-6a3e-4c39-9b63-bd5d1c1e8f2a.reply.celery.pidbox", "celeryev.1f6f0c8e-9d0b-4a57-8c1d-2f3e4a5b6c7d", "1f6f0c8e-9d0b-4a57-8c1d-2f3e4a5b6c7d", ""])(
    "skips %j",
    (name) => expect(isInternalQueue(name)).toBe(true),
  );

  it.each(["celery", "io", "default", "celery.priority", "reports.pidboxes"])("samples %j", (name) => expect(isInternalQueue(name)).toBe(false));
});
