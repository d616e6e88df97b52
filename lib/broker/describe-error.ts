/** One line for SourceStatus.error and logs: broker errors are shown to operators, not stack traces. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error.message || error.name;
    // AggregateError (Node's happy-eyeballs connect) has an empty message and the reasons inside.
    if (!error.message && error instanceof AggregateError && error.errors.length > 0) {
      return error.errors.map(describeError).join("; ");
    }
    return code && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}
