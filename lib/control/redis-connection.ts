import { Redis, type RedisOptions } from "ioredis";
import { describeError } from "@/lib/broker/describe-error";

/** ioredis emits 'end' when a disconnect completes; this bounds the wait if it never does. */
const END_TIMEOUT_MS = 5_000;

export { redisConnectionOptions as redisOptions, type RedisConnectionOptions } from "@/lib/broker/redis-options";

/** Opens a connection and waits until it is ready; on failure nothing is left open. */
export async function openRedis(options: RedisOptions, onError: (error: unknown) => void): Promise<Redis> {
  const client = new Redis(options);
  // Without an 'error' listener ioredis prints every failure to stderr.
  let lastError: unknown;
  client.on("error", (error: unknown) => {
    lastError = error;
    onError(error);
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await closeRedis(client);
    throw new Error(describeError(lastError ?? error));
  }
}

export function isUsable(client: Redis | undefined): client is Redis {
  return client !== undefined && client.status === "ready";
}

/** Drops the connection at once (pending commands reject) and waits for its socket to go. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status !== "end" && client.status !== "wait") {
    const ended = new Promise<void>((resolve) => {
      const timer = setTimeout(done, END_TIMEOUT_MS);
      client.once("end", done);
      function done() {
        clearTimeout(timer);
        client.off("end", done);
        resolve();
      }
    });
    client.disconnect();
    await ended;
  }
  client.removeAllListeners();
  // Keep swallowing errors of a socket still winding down.
  client.on("error", () => undefined);
}
