import Link from "next/link";

export default function WorkerNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">Unknown worker</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">Bloom has never heard from a worker by that name, or retention has removed it.</p>
      <Link href="/workers" className="text-sm text-emerald-700 hover:underline dark:text-emerald-400">
        All workers
      </Link>
    </div>
  );
}
