import pg from "pg";

type Change = { tasks: string[] | "many"; workers: string[] | "many"; at: number };

/**
 * LISTENs on Bloom's database for the ingest worker's change notifications, recording when
 * each arrived: a notification is delivered at commit, so this is the moment a row became
 * visible, the start of the clock for "live within a second".
 */
export async function listenForChanges(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const seen: { change: Change; receivedAt: number }[] = [];
  client.on("notification", (message) => {
    if (message.channel === "bloom_changes" && message.payload) seen.push({ change: JSON.parse(message.payload) as Change, receivedAt: Date.now() });
  });
  await client.query("LISTEN bloom_changes");
  return {
    /** When the first committed batch naming `taskId` was announced (undefined until then). */
    committedAt(taskId: string): number | undefined {
      return seen.find(({ change }) => change.tasks !== "many" && change.tasks.includes(taskId))?.receivedAt;
    },
    /** Whether a batch too big to list its ids came by (then committedAt cannot be known). */
    sawMany(): boolean {
      return seen.some(({ change }) => change.tasks === "many");
    },
    close: () => client.end(),
  };
}
