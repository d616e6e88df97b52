/**
 * The test rig: real PostgreSQL, Redis, RabbitMQ and Celery on loopback.
 * Import from "@/e2e/rig" in tests; see e2e/rig/rig.int.test.ts for a tour.
 */
export { freePort, freePorts } from "./free-port";
export { assertTestDepsInstalled, missingTestDeps, PYTHON } from "./install-check";
export { killAllNow, stopAll, track, trackedProcesses, type Tracked, type TrackOptions } from "./process-registry";
export { isAlive, groupMembers } from "./proc";
export { runDir, instanceDir, reapStaleRuns } from "./run-dir";
export { startPostgres, type PostgresServer, type StartPostgresOptions } from "./postgres";
export { startRedis, type RedisServer, type StartRedisOptions } from "./redis";
export { startRabbit, type RabbitServer, type StartRabbitOptions } from "./rabbit";
export {
  celeryCli,
  celeryEnv,
  sendScenario,
  startCeleryBeat,
  startCeleryWorker,
  workerHostname,
  SAMPLE_APP,
  SAMPLE_APP_DIR,
  WORKER_HOST,
  type CeleryBeat,
  type CeleryPool,
  type CeleryWorker,
  type Scenario,
  type ScenarioOutput,
  type SendScenarioOptions,
  type StartCeleryBeatOptions,
  type StartCeleryWorkerOptions,
} from "./celery";
export { startServers, type StartServersOptions, type TestServers } from "./servers";
export { canConnect, sleep, tail, waitFor, waitGone } from "./wait";
