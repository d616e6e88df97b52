import { Countdown } from "./countdown";
import { ZonedTime } from "./zoned-time-text";

/** The next runs in the reader's zone and in the schedule's own. */
export function NextRuns({ runs, timeZone, note }: { runs: number[]; timeZone: string; note: string | null }) {
  if (runs.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Not known: an interval entry counts from its last run, and none has been seen yet.</p>;
  }
  return (
    <div>
      <table className="w-full text-left text-sm" aria-label="Next runs">
        <thead>
          <tr className="text-xs text-slate-500 dark:text-slate-400">
            <th scope="col" className="py-1 pr-4 font-medium">
              In
            </th>
            <th scope="col" className="py-1 pr-4 font-medium">
              Your time
            </th>
            <th scope="col" className="py-1 font-medium">
              Schedule time ({timeZone})
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((at) => (
            <tr key={at} className="border-t border-slate-100 dark:border-slate-800/60">
              <td className="py-1 pr-4 text-xs">
                <Countdown at={at} />
              </td>
              <td className="py-1 pr-4 text-xs">
                <ZonedTime at={at} />
              </td>
              <td className="py-1 text-xs">
                <ZonedTime at={at} timeZone={timeZone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {note ? <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">{note}</p> : null}
    </div>
  );
}
