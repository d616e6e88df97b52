import { z } from "zod";
import type { AmqpBrokerConfig } from "@/lib/celery/broker-url";

/**
 * RabbitMQ's management HTTP API (the `rabbitmq_management` plugin), as Flower's
 * `--broker_api` uses it: `GET <api>/queues/<vhost>` lists the vhost's queues with their
 * depth, consumers and message rates, which a passive declare cannot give. The base URL is
 * BLOOM_BROKER_API (e.g. `http://guest:guest@rabbit:15672/api/`); its credentials, else the
 * broker URL's, are sent as Basic auth, never left in the URL fetch() sees.
 */

export type ManagementApi = { base: string; authorization: string | null; vhost: string };

export type ManagementQueueRates = {
  /** messages published into the queue per second */
  publish: number | null;
  /** messages delivered to consumers (and basic.get) per second */
  deliver: number | null;
  /** acknowledgements per second */
  ack: number | null;
};

export type ManagementQueue = {
  queue: string;
  /** ready messages: what a passive declare calls messageCount */
  ready: number;
  unacked: number;
  consumers: number;
  /** null when the plugin has no statistics for the queue yet (nothing flowed through it) */
  rates: ManagementQueueRates | null;
};

export class ManagementApiError extends Error {
  override readonly name = "ManagementApiError";
}

const TIMEOUT_MS = 3_000;

/** The columns Bloom reads: the API's answer for a big vhost stays small. */
const COLUMNS = [
  "name",
  "messages_ready",
  "messages_unacknowledged",
  "consumers",
  "message_stats.publish_details.rate",
  "message_stats.deliver_get_details.rate",
  "message_stats.ack_details.rate",
].join(",");

const rate = z.object({ rate: z.number() }).partial().optional();
const queueRow = z.object({
  name: z.string(),
  messages_ready: z.number().nullish(),
  messages_unacknowledged: z.number().nullish(),
  consumers: z.number().nullish(),
  message_stats: z.object({ publish_details: rate, deliver_get_details: rate, ack_details: rate }).partial().nullish(),
});

export function managementApiFor(apiUrl: string, broker: AmqpBrokerConfig): ManagementApi {
  const url = new URL(apiUrl);
  const username = url.username ? decodeURIComponent(url.username) : broker.username;
  const password = url.password ? decodeURIComponent(url.password) : broker.password;
  url.username = "";
  url.password = "";
  if (!url.pathname.endsWith("/")) url.pathname = `${url.pathname}/`;
  const authorization = username === undefined ? null : `Basic ${Buffer.from(`${username}:${password ?? ""}`).toString("base64")}`;
  return { base: url.toString(), authorization, vhost: broker.vhost };
}

/** Every queue of the broker's vhost. Throws ManagementApiError with a sentence for people. */
export async function listManagementQueues(api: ManagementApi, timeoutMs = TIMEOUT_MS): Promise<ManagementQueue[]> {
  // The vhost is one path segment: "/" must be sent as %2F (Flower quotes it the same way).
  const url = new URL(`queues/${encodeURIComponent(api.vhost)}`, api.base);
  url.searchParams.set("columns", COLUMNS);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: "application/json", ...(api.authorization ? { Authorization: api.authorization } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
      cache: "no-store",
    });
  } catch (error) {
    throw new ManagementApiError(`The RabbitMQ management API (${url.origin}) cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    const hint = response.status === 401 ? " (check the credentials in BLOOM_BROKER_API)" : response.status === 404 ? " (check the path, usually /api/, and the vhost)" : "";
    throw new ManagementApiError(`The RabbitMQ management API answered ${response.status}${hint}.`);
  }
  const parsed = z.array(queueRow).safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ManagementApiError("The RabbitMQ management API answered something that is not a list of queues.");
  return parsed.data.map((row) => {
    const stats = row.message_stats;
    return {
      queue: row.name,
      ready: row.messages_ready ?? 0,
      unacked: row.messages_unacknowledged ?? 0,
      consumers: row.consumers ?? 0,
      rates: stats
        ? { publish: stats.publish_details?.rate ?? null, deliver: stats.deliver_get_details?.rate ?? null, ack: stats.ack_details?.rate ?? null }
        : null,
    };
  });
}
