import { groupFrames, parseTraceback, type TracebackFrame } from "@/lib/tasks/traceback";

/**
 * The exception and its traceback in monospace. Frames of the user's code stand out; runs of
 * library frames (site-packages, dist-packages, the standard library) are folded and dimmed,
 * one click to open. Everything is text: tracebacks quote whatever the task was given.
 */
export function TracebackView({ exception, traceback }: { exception: string | null; traceback: string | null }) {
  if (exception === null && traceback === null) return null;
  return (
    <section aria-labelledby="traceback-heading" className="space-y-2">
      <h2 id="traceback-heading" className="text-lg font-semibold">
        Exception
      </h2>
      {exception !== null ? (
        <p className="break-all rounded-md border border-red-200 bg-red-50 px-3 py-2 font-mono text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">{exception}</p>
      ) : null}
      {traceback !== null ? <Traceback text={traceback} /> : null}
    </section>
  );
}

function Traceback({ text }: { text: string }) {
  const groups = groupFrames(parseTraceback(text.replace(/\n+$/, "")));
  return (
    <div role="group" aria-label="Traceback" className="overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-5 dark:border-slate-800 dark:bg-slate-950">
      {groups.map((group, index) => {
        if (group.kind === "text") return <pre key={index} className="whitespace-pre text-slate-800 dark:text-slate-200">{group.lines.join("\n")}</pre>;
        if (group.kind === "user") return <UserFrame key={index} frame={group.frame} />;
        return (
          <details key={index} className="text-slate-400 dark:text-slate-500">
            <summary className="cursor-pointer select-none py-0.5 pl-2 italic hover:text-slate-600 dark:hover:text-slate-300">
              {group.frames.length} library {group.frames.length === 1 ? "frame" : "frames"} ({libraries(group.frames)})
            </summary>
            <pre className="whitespace-pre">{group.frames.flatMap((frame) => frame.lines).join("\n")}</pre>
          </details>
        );
      })}
    </div>
  );
}

function UserFrame({ frame }: { frame: TracebackFrame }) {
  return (
    <pre data-frame="user" className="my-0.5 whitespace-pre rounded border-l-4 border-amber-500 bg-amber-50 py-0.5 pl-2 text-slate-900 dark:border-amber-400 dark:bg-amber-950/40 dark:text-slate-100">
      {frame.lines.join("\n")}
    </pre>
  );
}

/** "celery, kombu": which packages the folded frames belong to, so folding hides no surprise. */
function libraries(frames: readonly TracebackFrame[]): string {
  const names = frames.map((frame) => /[\\/](?:site|dist)-packages[\\/]([^\\/]+)/.exec(frame.file)?.[1] ?? (frame.file.startsWith("<frozen") ? "frozen" : "stdlib"));
  return [...new Set(names)].join(", ");
}
