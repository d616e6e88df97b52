"use client";

import { useEffect } from "react";

/** What a page shows when its data could not be read; the details go to the browser console, not the screen. */
export function SegmentError({ title, error, reset }: { title: string; error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <h1 className="text-lg font-semibold">{title} could not be loaded</h1>
      <p>Bloom could not read its data; the database may be restarting.{error.digest ? ` (reference ${error.digest})` : ""}</p>
      <button
        type="button"
        onClick={reset}
        className="rounded-md bg-red-700 px-3 py-1.5 text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
      >
        Try again
      </button>
    </div>
  );
}
