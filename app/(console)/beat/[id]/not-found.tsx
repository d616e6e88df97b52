import Link from "next/link";

export default function BeatEntryNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">Unknown periodic task</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">No beat source has an entry by this name (it may have been removed from the schedule).</p>
      <Link href="/beat" className="text-sm text-emerald-700 hover:underline dark:text-emerald-400">
        All periodic tasks
      </Link>
    </div>
  );
}
