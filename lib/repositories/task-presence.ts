import { defaultDb, type Db } from "./db";

/** Whether Bloom has ever stored a task: the dashboard's "fresh install" test (an index probe, never a count). */
export async function hasAnyTask(db: Db = defaultDb()): Promise<boolean> {
  return (await db.task.findFirst({ select: { uuid: true } })) !== null;
}
