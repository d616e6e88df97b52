/**
 * `npm run bench -- <name> [flags]`: runs one named benchmark. Benchmarks print figures and
 * write a JSON file under bench/results/; they are measurements, not tests, and assert nothing.
 *
 * Each benchmark lives in its own file `bench/<name>.ts` exporting `run(args)`. The table is
 * loaded lazily so one benchmark's imports (broker clients, the rig) never slow another down.
 */
type BenchmarkModule = { run: (args: string[]) => Promise<void> };
type Benchmark = { summary: string; load: () => Promise<BenchmarkModule> };

const BENCHMARKS = {
  ingest: {
    summary: "events published to Redis/RabbitMQ at rising rates → persisted tasks/s, end-to-end lag, loss, ingest RSS up to 1M tasks",
    load: () => import("./ingest"),
  },
  control: {
    summary: "3 live workers on Redis/RabbitMQ: the console's refresh (inspect all, early return) and ping-all → median/p90 beside Flower's 2,036 ms",
    load: () => import("./control"),
  },
  pages: {
    summary: "tasks page with 1M tasks in PostgreSQL: first page, deep page, filters, searches, state counts → p50/p95 with EXPLAIN ANALYZE plans",
    load: () => import("./pages"),
  },
} satisfies Record<string, Benchmark>;

function usage(): string {
  const lines = Object.entries(BENCHMARKS).map(([name, bench]) => `  ${name.padEnd(10)} ${bench.summary}`);
  return `usage: npm run bench -- <benchmark> [flags]\n\nbenchmarks:\n${lines.join("\n")}\n\n'npm run bench -- <benchmark> --help' lists its flags.`;
}

function isBenchmarkName(name: string): name is keyof typeof BENCHMARKS {
  return Object.hasOwn(BENCHMARKS, name);
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  if (name === undefined || name === "--help" || name === "-h") {
    process.stdout.write(`${usage()}\n`);
    process.exitCode = name === undefined ? 2 : 0;
    return;
  }
  if (!isBenchmarkName(name)) {
    process.stderr.write(`unknown benchmark "${name}"\n\n${usage()}\n`);
    process.exitCode = 2;
    return;
  }
  const bench = await BENCHMARKS[name].load();
  await bench.run(args);
}

main().then(
  // The rig's exit hook kills any server a failed benchmark left behind; exit explicitly so a
  // stray handle (a broker socket in TIME_WAIT, a timer) cannot keep the process waiting.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
