import { describe, expect, it } from "vitest";
import { runInBatches } from "./batch-loop";

/** A fake table of `rows` rows; records the size asked for by each statement. */
function fakeTable(rows: number) {
  let left = rows;
  const asked: number[] = [];
  const step = async (size: number) => {
    asked.push(size);
    const deleted = Math.min(size, left);
    left -= deleted;
    return deleted;
  };
  return { step, asked, left: () => left };
}

const signal = () => new AbortController().signal;

describe("runInBatches", () => {
  it("deletes in batches until a batch comes back short", async () => {
    const table = fakeTable(7);
    expect(await runInBatches(table.step, { batchSize: 3, pauseMs: 0, signal: signal() })).toEqual({ deleted: 7, batches: 3 });
    expect(table.asked).toEqual([3, 3, 3]);
  });

  it("issues one more statement when the rows end exactly on a batch boundary", async () => {
    const table = fakeTable(6);
    expect(await runInBatches(table.step, { batchSize: 3, pauseMs: 0, signal: signal() })).toEqual({ deleted: 6, batches: 3 });
  });

  it("stops at the limit, asking only for what is left", async () => {
    const table = fakeTable(100);
    expect(await runInBatches(table.step, { batchSize: 3, pauseMs: 0, signal: signal(), limit: 7 })).toEqual({ deleted: 7, batches: 3 });
    expect(table.asked).toEqual([3, 3, 1]);
    expect(table.left()).toBe(93);
  });

  it("does nothing for a zero limit or an aborted signal", async () => {
    const table = fakeTable(5);
    expect(await runInBatches(table.step, { batchSize: 3, pauseMs: 0, signal: signal(), limit: 0 })).toEqual({ deleted: 0, batches: 0 });
    const aborted = new AbortController();
    aborted.abort();
    expect(await runInBatches(table.step, { batchSize: 3, pauseMs: 0, signal: aborted.signal })).toEqual({ deleted: 0, batches: 0 });
    expect(table.asked).toEqual([]);
  });

  it("ends during the pause between batches when aborted", async () => {
    const table = fakeTable(100);
    const controller = new AbortController();
    const run = runInBatches(
      async (size) => {
        const deleted = await table.step(size);
        controller.abort();
        return deleted;
      },
      { batchSize: 3, pauseMs: 60_000, signal: controller.signal },
    );
    expect(await run).toEqual({ deleted: 3, batches: 1 });
  });
});
