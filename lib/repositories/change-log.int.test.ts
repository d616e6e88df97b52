import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "@/e2e/support/migrated-database";
import { createPrismaClient } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CHANGE_LOG_RETENTION, pruneChangeLogOnce } from "@/worker/maintenance/change-log-pruner";
import { changeLogRange, listChangesAfter, publishChange, pruneChangeLog } from "./change-log";

const CHANNEL = "bloom_changes";
const payload = (task: string) => JSON.stringify({ tasks: [task], workers: [], at: 1 });

describe("change_log on a real PostgreSQL", () => {
  let prisma: PrismaClient;
  let drop: () => Promise<void>;
  let url: string;
  const clients: pg.Client[] = [];

  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const db = await createMigratedDatabase(inject("databaseUrl"), "bloom_change_log");
    drop = db.drop;
    url = db.url;
    prisma = createPrismaClient(db.url, 2);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await prisma?.$disconnect();
    await drop?.();
  });

  beforeEach(async () => {
    await prisma.$executeRawUnsafe("TRUNCATE change_log");
  });

  it("logs each change and notifies it with its seq, only when the transaction commits", async () => {
    const listener = await connect();
    const heard: string[] = [];
    listener.on("notification", (message) => heard.push(message.payload ?? ""));
    await listener.query(`LISTEN ${CHANNEL}`);

    const seq = await prisma.$transaction((tx) => publishChange(tx, CHANNEL, payload("t1")));
    await expect(prisma.$transaction(async (tx) => {
      await publishChange(tx, CHANNEL, payload("rolled-back"));
      throw new Error("the batch failed");
    })).rejects.toThrow("the batch failed");
    await expect.poll(() => heard.length).toBe(1);
    expect(JSON.parse(heard[0] ?? "")).toEqual({ seq, tasks: ["t1"], workers: [], at: 1 });
    expect(await listChangesAfter(0, 10, prisma)).toEqual([{ seq, payload: payload("t1") }]);
    await expect(publishChange(prisma, CHANNEL, "[1,2]")).rejects.toThrow(/non-empty JSON object/);
  });

  it("numbers changes in commit order: a second publisher waits for the first one's commit", async () => {
    const first = await connect();
    const second = await connect();
    await first.query("BEGIN");
    const { rows } = await first.query<{ seq: string }>("SELECT bloom_publish_change($1, $2::json)::text AS seq", [CHANNEL, payload("first")]);
    await second.query("BEGIN");
    let secondSeq: string | null = null;
    const secondPublished = second.query<{ seq: string }>("SELECT bloom_publish_change($1, $2::json)::text AS seq", [CHANNEL, payload("second")]).then((result) => {
      secondSeq = result.rows[0]?.seq ?? null;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondSeq).toBeNull(); // blocked on the publish lock
    await first.query("COMMIT");
    await secondPublished;
    await second.query("COMMIT");
    expect(Number(secondSeq)).toBe(Number(rows[0]?.seq) + 1);
  });

  it("prunes a prefix by age and by count, in batches, and always keeps the newest row", async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 10; i++) seqs.push(await publishChange(prisma, CHANNEL, payload(`t${i}`)));
    // The first six are an hour old.
    await prisma.$executeRawUnsafe("UPDATE change_log SET at = now() - interval '1 hour' WHERE seq <= $1::int8", String(seqs[5]));

    // Age: everything older than 10 minutes goes, two rows per statement.
    expect(await pruneChangeLog(prisma, { maxAgeSeconds: 600, keepRows: 1_000, limit: 2 })).toBe(2);
    expect(await pruneChangeLog(prisma, { maxAgeSeconds: 600, keepRows: 1_000, limit: 100 })).toBe(4);
    expect(await changeLogRange(prisma)).toEqual({ oldest: seqs[6], newest: seqs[9] });
    // Count: only the newest two stay.
    expect(await pruneChangeLog(prisma, { maxAgeSeconds: 600, keepRows: 2, limit: 100 })).toBe(2);
    expect(await changeLogRange(prisma)).toEqual({ oldest: seqs[8], newest: seqs[9] });
    // All of it old: the newest row still stays, so a reader can tell a resumable seq from a lost one.
    await prisma.$executeRawUnsafe("UPDATE change_log SET at = now() - interval '1 day'");
    expect(await pruneChangeLog(prisma, { maxAgeSeconds: 600, keepRows: 1_000, limit: 100 })).toBe(1);
    expect(await changeLogRange(prisma)).toEqual({ oldest: seqs[9], newest: seqs[9] });
    expect(await pruneChangeLog(prisma, { maxAgeSeconds: 600, keepRows: 1_000, limit: 100 })).toBe(0);
  });

  it("the maintenance pass keeps the last ten minutes, and every row of a quiet log's newest change", async () => {
    expect(CHANGE_LOG_RETENTION).toEqual({ maxAgeSeconds: 600, keepRows: 10_000 });
    const seqs: number[] = [];
    for (let i = 0; i < 4; i++) seqs.push(await publishChange(prisma, CHANNEL, payload(`t${i}`)));
    await prisma.$executeRawUnsafe("UPDATE change_log SET at = now() - interval '11 minutes' WHERE seq <= $1::int8", String(seqs[1]));
    expect(await pruneChangeLogOnce(prisma, new AbortController().signal)).toBe(2);
    expect(await changeLogRange(prisma)).toEqual({ oldest: seqs[2], newest: seqs[3] });
  });
});
