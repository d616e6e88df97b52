import { once } from "node:events";
import { Socket } from "node:net";
import type { ChannelModel } from "amqplib";

/**
 * amqplib's close() half-closes the socket and leaves it to the broker to hang up; finish
 * the job so that close() leaves no handle behind. `connection.stream` is amqplib's private
 * socket, checked at run time.
 */
export async function releaseSocket(model: ChannelModel): Promise<void> {
  const stream: unknown = (model.connection as unknown as { stream?: unknown }).stream;
  if (!(stream instanceof Socket) || stream.closed) return;
  const closed = once(stream, "close").then(
    () => undefined,
    () => undefined,
  );
  stream.destroy();
  await closed;
}
