/** The page of one worker; hostnames hold "@" and may hold other characters a path must escape. */
export function workerHref(hostname: string): string {
  return `/worker/${encodeURIComponent(hostname)}`;
}

/** The task page (built by the tasks pages). */
export function taskHref(taskId: string): string {
  return `/task/${encodeURIComponent(taskId)}`;
}
