import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/** Runs `work` in one database transaction (the pipeline's unit of consistency). */
export function withTransaction<T>(prisma: PrismaClient, work: (tx: Prisma.TransactionClient) => Promise<T>, timeoutMs = 60_000): Promise<T> {
  return prisma.$transaction(work, { timeout: timeoutMs, maxWait: timeoutMs });
}
