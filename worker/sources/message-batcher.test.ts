import { describe, expect, it } from "vitest";
import type { RawEventMessage } from "./event-source";
import { MessageBatcher } from "./message-batcher";
import { silentLogger } from "@/lib/broker/silent-logger";

const message = (n: number): RawEventMessage => ({
  payload: Buffer.from(String(n)),
  channel: "worker.heartbeat",
  routingKey: "worker.heartbeat",
  receivedAt: n,
  transport: "amqp",
});

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("MessageBatcher", () => {
  it("delivers everything pushed within one tick as one batch", async () => {
    const batches: number[][] = [];
    const b = new MessageBatcher((batch) => batches.push(batch.map((m) => m.receivedAt)), 100, silentLogger());
    b.push(message(1));
    b.push(message(2));
    b.push(message(3));
    expect(batches).toEqual([]);
    await nextTick();
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("flushes at maxBatchSize without waiting for the tick", async () => {
    const batches: number[][] = [];
    const b = new MessageBatcher((batch) => batches.push(batch.map((m) => m.receivedAt)), 2, silentLogger());
    for (const n of [1, 2, 3, 4, 5]) b.push(message(n));
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    await nextTick();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("discard() drops pending messages and cancels the scheduled flush", async () => {
    const batches: RawEventMessage[][] = [];
    const b = new MessageBatcher((batch) => batches.push(batch), 10, silentLogger());
    b.push(message(1));
    b.discard();
    await nextTick();
    expect(batches).toEqual([]);
  });

  it("contains a throwing consumer", async () => {
    const b = new MessageBatcher(
      () => {
        throw new Error("pipeline bug");
      },
      10,
      silentLogger(),
    );
    b.push(message(1));
    expect(() => b.flush()).not.toThrow();
  });
});
