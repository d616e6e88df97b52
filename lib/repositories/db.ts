import { getPrisma } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** What a read repository runs on: the app's client by default, a test's own client or a transaction otherwise. */
export type Db = PrismaClient | Prisma.TransactionClient;

export function defaultDb(): Db {
  return getPrisma();
}
