import { ConfigError } from "@/lib/config/config-error";
import { loadSettings } from "@/lib/config/settings";
import { createControlChannel, type ControlChannel } from "@/lib/control/control-channel";
import { createLogger } from "@/lib/log/logger";
import { ControlServiceError } from "./control-service-error";

/**
 * One remote-control channel per web process, cached on globalThis like the Prisma client
 * (lib/db/client.ts): Next's dev reloads must not open a new broker connection and reply
 * queue on every edit, and concurrent commands share it (replies are routed by ticket).
 * It is keyed by the broker URL so a test that points CELERY_BROKER_URL elsewhere gets a
 * channel to the new broker, the old one closed.
 */
type Cached = { url: string; channel: ControlChannel };
const globalForControl = globalThis as unknown as { bloomControlChannel?: Cached };

export function brokerUrlSetting(): string {
  try {
    return loadSettings().brokerUrl;
  } catch (error) {
    if (error instanceof ConfigError) throw new ControlServiceError("broker_unavailable", error.message);
    throw error;
  }
}

export function getControlChannel(): ControlChannel {
  const url = brokerUrlSetting();
  const cached = globalForControl.bloomControlChannel;
  if (cached?.url === url) return cached.channel;
  if (cached) void cached.channel.close();
  let channel: ControlChannel;
  try {
    channel = createControlChannel(url, { logger: createLogger("web"), connectTimeoutMs: 5_000 });
  } catch (error) {
    if (error instanceof ConfigError) throw new ControlServiceError("broker_unavailable", error.message);
    throw error;
  }
  globalForControl.bloomControlChannel = { url, channel };
  return channel;
}

/** Closes the cached channel (tests, shutdown); the next call opens a new one. */
export async function closeControlChannel(): Promise<void> {
  const cached = globalForControl.bloomControlChannel;
  globalForControl.bloomControlChannel = undefined;
  await cached?.channel.close();
}
