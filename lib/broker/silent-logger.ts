import pino, { type Logger } from "pino";

/** Sources log nothing unless the worker hands them its logger, so tests stay quiet. */
export function silentLogger(): Logger {
  return pino({ enabled: false });
}
