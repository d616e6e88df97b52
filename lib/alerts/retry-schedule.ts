/**
 * When a failed delivery is tried again: exponential backoff from `baseMs`, capped at
 * `maxMs`, given up after `maxAttempts`. Receivers that answer 4xx (other than 408 and
 * 429) refused the request itself (a revoked Slack hook, a bad URL): retrying cannot help,
 * so those fail at once.
 */
export type RetryPolicy = { maxAttempts: number; baseMs: number; maxMs: number };

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseMs: 10_000, maxMs: 15 * 60_000 };

/** `attempts` = tries made so far (≥ 1). Null = give up. */
export function nextAttemptDelay(policy: RetryPolicy, attempts: number, permanent: boolean): number | null {
  if (permanent || attempts >= policy.maxAttempts) return null;
  return Math.min(policy.baseMs * 2 ** (attempts - 1), policy.maxMs);
}

export function isPermanentHttpFailure(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
