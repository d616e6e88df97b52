import net from "node:net";

/** Resolves true when something already listens on host:port (so we can say so clearly). */
export function isPortInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRINUSE" || error.code === "EACCES"));
    server.once("listening", () => server.close(() => resolve(false)));
    server.listen(port, host);
  });
}
