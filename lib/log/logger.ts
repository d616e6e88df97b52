import pino, { type Logger, type LevelWithSilent } from "pino";
import pretty from "pino-pretty";

/**
 * Structured logs (pino). JSON lines when LOG_FORMAT=json or when stdout is not a terminal
 * and LOG_FORMAT is unset (log shippers want JSON); readable one-liners for people otherwise.
 */
export function createLogger(name: string, level: LevelWithSilent = "info", fd: 1 | 2 = 1): Logger {
  const stream = fd === 1 ? process.stdout : process.stderr;
  const format = process.env.LOG_FORMAT ?? (stream.isTTY ? "pretty" : "json");
  const options = { name, level, base: { name } };
  if (format === "pretty") {
    return pino(options, pretty({ colorize: stream.isTTY, sync: true, ignore: "pid,hostname", translateTime: "HH:MM:ss.l", destination: fd }));
  }
  return pino(options, pino.destination({ fd, sync: true }));
}
