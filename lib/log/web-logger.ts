import type { Logger } from "pino";
import { createLogger } from "./logger";

let log: Logger | undefined;

/** The web process's logger, created on first use (route modules load before any request). */
export function webLogger(): Logger {
  log ??= createLogger("web");
  return log;
}
