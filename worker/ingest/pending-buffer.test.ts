import { describe, expect, it } from "vitest";
import { PendingBuffer } from "./pending-buffer";

const item = (id: number, weight: number) => ({ id, weight });

describe("PendingBuffer", () => {
  it("refuses items beyond its bound but always accepts one into an empty buffer", () => {
    const buffer = new PendingBuffer<{ id: number; weight: number }>(10);
    expect(buffer.push(item(1, 6))).toBe(true);
    expect(buffer.push(item(2, 5))).toBe(false);
    expect(buffer.push(item(3, 4))).toBe(true);
    expect(buffer.weight).toBe(10);
    const big = new PendingBuffer<{ id: number; weight: number }>(10);
    expect(big.push(item(1, 50))).toBe(true); // an oversized batch must not block forever
  });

  it("peeks the oldest items up to a weight and releases them only when told", () => {
    const buffer = new PendingBuffer<{ id: number; weight: number }>(100);
    for (let i = 1; i <= 5; i++) buffer.push(item(i, 3));
    expect(buffer.peek(7).map((x) => x.id)).toEqual([1, 2]);
    expect(buffer.peek(7).map((x) => x.id)).toEqual([1, 2]); // a failed write retries the same items
    buffer.release(2);
    expect(buffer.peek(100).map((x) => x.id)).toEqual([3, 4, 5]);
    expect(buffer.weight).toBe(9);
    expect(buffer.peek(1).map((x) => x.id)).toEqual([3]); // at least one item
  });

  it("keeps order across many releases (compaction)", () => {
    const buffer = new PendingBuffer<{ id: number; weight: number }>(1e9);
    for (let i = 0; i < 5000; i++) buffer.push(item(i, 1));
    for (let i = 0; i < 4000; i++) buffer.release(1);
    expect(buffer.size).toBe(1000);
    expect(buffer.peek(2).map((x) => x.id)).toEqual([4000, 4001]);
  });
});

describe("PendingBuffer byte bound", () => {
  it("refuses an item that would pass the byte budget, and takes it again once space is released", () => {
    const buffer = new PendingBuffer<{ id: number; weight: number; bytes: number }>(1_000, 100);
    expect(buffer.push({ id: 1, weight: 1, bytes: 60 })).toBe(true);
    expect(buffer.push({ id: 2, weight: 1, bytes: 50 })).toBe(false);
    expect(buffer.push({ id: 3, weight: 1, bytes: 40 })).toBe(true);
    expect(buffer.bytes).toBe(100);
    buffer.release(1);
    expect(buffer.bytes).toBe(40);
    expect(buffer.push({ id: 2, weight: 1, bytes: 50 })).toBe(true);
    expect(buffer.peek(10).map((x) => x.id)).toEqual([3, 2]);
  });

  it("takes an item past the bounds when told it must not be dropped (AMQP, bounded by its prefetch)", () => {
    const buffer = new PendingBuffer<{ id: number; weight: number; bytes: number }>(2, 100);
    buffer.push({ id: 1, weight: 2, bytes: 100 });
    expect(buffer.push({ id: 2, weight: 1, bytes: 10 })).toBe(false);
    expect(buffer.push({ id: 2, weight: 1, bytes: 10 }, true)).toBe(true);
    expect([buffer.weight, buffer.bytes]).toEqual([3, 110]);
  });

  it("always takes one item into an empty buffer, however large (it is written alone)", () => {
    const buffer = new PendingBuffer<{ id: number; weight: number; bytes: number }>(1_000, 100);
    expect(buffer.push({ id: 1, weight: 1, bytes: 500 })).toBe(true);
    expect(buffer.push({ id: 2, weight: 1, bytes: 1 })).toBe(false);
  });
});

describe("PendingBuffer.peek with skip (the next batch while one is being written)", () => {
  it("starts after the skipped items and still bounds the weight", () => {
    const buffer = new PendingBuffer<{ id: number; weight: number }>(100);
    for (let i = 0; i < 6; i++) buffer.push({ id: i, weight: 2 });
    expect(buffer.peek(4, 2).map((x) => x.id)).toEqual([2, 3]);
    expect(buffer.peek(100, 5).map((x) => x.id)).toEqual([5]);
    expect(buffer.peek(100, 6)).toEqual([]);
    buffer.release(2);
    expect(buffer.peek(4, 2).map((x) => x.id)).toEqual([4, 5]);
  });
});

describe("PendingBuffer memory", () => {
  it("lets released items be garbage-collected (no reference kept)", async () => {
    const buffer = new PendingBuffer<{ id: number; weight: number; payload: object }>(1e9);
    let payload: object | undefined = { big: new Array(1000).fill(1) };
    const collected = new WeakRef(payload);
    buffer.push({ id: 1, weight: 1, payload });
    buffer.push({ id: 2, weight: 1, payload: {} });
    payload = undefined;
    buffer.release(1);
    expect(buffer.peek(10).map((x) => x.id)).toEqual([2]);
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("run with --expose-gc (vitest.config.ts sets it for the unit project)");
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(collected.deref()).toBeUndefined();
  });
});
