/**
 * Messages between the benchmark and its generator child process (Node IPC). The generator
 * runs in its own process so that building and publishing tens of thousands of messages a
 * second never delays the benchmark's own clock: the lag sampler notices a committed row
 * within its poll interval instead of whenever the generator's burst lets it run.
 */
import type { Probe } from "./fleet";
import type { BrokerKind } from "./publishers";

export type GeneratorConfig = {
  broker: BrokerKind;
  url: string;
  workers: number;
  probeEvery: number;
  tickMs: number;
};

/**
 * Publish `rate` tasks/s until `seconds` have passed or `tasks` tasks were sent. With
 * `windowTasks`, never run more than that many tasks ahead of the persisted progress the
 * benchmark reports (closed loop: "as fast as the ingest takes them").
 */
export type RunCommand = { type: "run"; label: string; rate: number; seconds?: number; tasks?: number; windowTasks?: number };

export type ToGenerator =
  | RunCommand
  /** highest task index known to be persisted (from the lag probes) */
  | { type: "progress"; persistedIndex: number }
  | { type: "stop" };

export type PublishedCounts = { tasks: number; events: number; messages: number };

export type TickReport = PublishedCounts & { type: "tick"; label: string | null; probes: Probe[] };

export type RunDone = PublishedCounts & { type: "done"; label: string; startedAt: number; endedAt: number };

export type FromGenerator = { type: "ready" } | TickReport | RunDone | { type: "error"; message: string };
