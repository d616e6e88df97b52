/**
 * vitest globalSetup for the "integration" project: one PostgreSQL, one Redis
 * and one RabbitMQ for the whole run (Celery workers are per test file, started
 * by the tests). Tests read the URLs with `inject("redisUrl")` etc.
 */
import type { TestProject } from "vitest/node";

import { stopAll } from "./process-registry";
import { startServers } from "./servers";

declare module "vitest" {
  export interface ProvidedContext {
    /** postgresql://postgres@127.0.0.1:PORT/bloom_test (trust auth) */
    databaseUrl: string;
    /** redis://127.0.0.1:PORT/0 */
    redisUrl: string;
    /** amqp://guest:guest@127.0.0.1:PORT// */
    amqpUrl: string;
    /** http://127.0.0.1:PORT (management API base; credentials guest:guest, sent as a header) */
    rabbitManagementUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await startServers();
  project.provide("databaseUrl", servers.postgres.url);
  project.provide("redisUrl", servers.redis.url);
  project.provide("amqpUrl", servers.rabbit.amqpUrl);
  project.provide("rabbitManagementUrl", servers.rabbit.managementUrl);

  return async () => {
    try {
      await servers.dispose();
    } finally {
      // Anything else this process started (nothing today) goes too.
      await stopAll();
    }
  };
}
