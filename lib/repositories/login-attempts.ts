import { defaultDb, type Db } from "./db";

export type LockState = { locked: false } | { locked: true; until: Date };

/** Whether a key ("user:alice", "ip:10.0.0.1") is locked out right now. */
export async function lockStateOf(key: string, now: Date, db: Db = defaultDb()): Promise<LockState> {
  const row = await db.loginAttempt.findUnique({ where: { key } });
  if (row?.lockedUntil && row.lockedUntil > now) return { locked: true, until: row.lockedUntil };
  return { locked: false };
}

/**
 * Counts one failure inside a sliding window and locks the key once `maxFailures` is
 * reached. One statement (INSERT ... ON CONFLICT), so concurrent failures on several web
 * replicas all count.
 */
export async function recordLoginFailure(
  key: string,
  policy: { now: Date; windowSeconds: number; maxFailures: number; lockoutSeconds: number },
  db: Db = defaultDb(),
): Promise<LockState> {
  const rows = await db.$queryRaw<{ failures: number; locked_until: Date | null }[]>`
    INSERT INTO login_attempts (key, failures, window_start)
    VALUES (${key}, 1, ${policy.now})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_attempts.window_start < ${policy.now}::timestamptz - make_interval(secs => ${policy.windowSeconds})
                        OR (login_attempts.locked_until IS NOT NULL AND login_attempts.locked_until <= ${policy.now})
                      THEN 1 ELSE login_attempts.failures + 1 END,
      window_start = CASE WHEN login_attempts.window_start < ${policy.now}::timestamptz - make_interval(secs => ${policy.windowSeconds})
                            OR (login_attempts.locked_until IS NOT NULL AND login_attempts.locked_until <= ${policy.now})
                          THEN ${policy.now} ELSE login_attempts.window_start END,
      locked_until = CASE WHEN login_attempts.locked_until IS NOT NULL AND login_attempts.locked_until <= ${policy.now}
                          THEN NULL ELSE login_attempts.locked_until END
    RETURNING failures, locked_until`;
  const row = rows[0];
  if (!row) return { locked: false };
  if (row.failures >= policy.maxFailures) {
    const until = new Date(policy.now.getTime() + policy.lockoutSeconds * 1000);
    await db.loginAttempt.update({ where: { key }, data: { lockedUntil: until } });
    return { locked: true, until };
  }
  return { locked: false };
}

export async function clearLoginFailures(key: string, db: Db = defaultDb()): Promise<void> {
  await db.loginAttempt.deleteMany({ where: { key } });
}
