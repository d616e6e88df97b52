/** Stable codes of the beat services; lib/http/error-status.ts maps them to HTTP. */
export const BEAT_ERROR_STATUS = {
  /** the input does not parse (an id that cannot be an entry's) */
  invalid_input: 400,
  /** no entry with that id in any configured source */
  not_found: 404,
  /** the action does not apply to this entry (enable/disable outside django-celery-beat) */
  unsupported: 409,
  /** the entry's source (django-celery-beat's database, RedBeat's Redis) could not be read or written */
  source_unavailable: 503,
} as const;

export type BeatErrorCode = keyof typeof BEAT_ERROR_STATUS;

export class BeatServiceError extends Error {
  override readonly name = "BeatServiceError";
  constructor(
    readonly code: BeatErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return BEAT_ERROR_STATUS[this.code];
  }
}
