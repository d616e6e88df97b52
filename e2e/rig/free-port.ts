/**
 * Free loopback ports, chosen by the kernel (listen on port 0, read it, close).
 *
 * There is an unavoidable gap between closing our probe socket and the server
 * binding the port. The kernel hands out ephemeral ports round-robin, so a
 * clash needs another process to grab that exact port in those milliseconds;
 * we also never hand out the same port twice from one process, which covers
 * RabbitMQ asking for four ports at once.
 */
import { createServer } from "node:net";

const handedOut = new Set<number>();

function probe(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : undefined;
      server.close(() => (port === undefined ? reject(new Error("no port from listen(0)")) : resolve(port)));
    });
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await probe();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error("could not find a free port not already handed out");
}

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  return ports;
}
