import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * One Prisma client per process, cached on globalThis so Next's dev-mode module reloads
 * do not open a new pool on every edit.
 */
const globalForPrisma = globalThis as unknown as { bloomPrisma?: PrismaClient };

export function createPrismaClient(connectionString: string, poolSize = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolSize }) });
}

export function getPrisma(): PrismaClient {
  if (!globalForPrisma.bloomPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Bloom with `npm start`, which provides it");
    globalForPrisma.bloomPrisma = createPrismaClient(url);
  }
  return globalForPrisma.bloomPrisma;
}
