/**
 * Celery's event timestamp "localization" (celery/utils/time.py, celery/events/receiver.py).
 *
 * Every event carries `timestamp` (the sender's time.time(), i.e. epoch seconds) and
 * `utcoffset`, computed by the sender as `time.timezone // 3600` (or `time.altzone // 3600`
 * while DST is on): whole hours WEST of UTC, floored, so New York in winter is 5, Berlin in
 * summer is -2 and India (+05:30) is -6.
 *
 * EventReceiver.event_from_message replaces `timestamp` with
 * `adjust_timestamp(timestamp, utcoffset)` = `timestamp - (utcoffset - here) * 3600`, where
 * `here` is the receiver's own offset computed the same way. State (and so Flower) only ever
 * sees that corrected value. When sender and receiver share a time zone the correction is
 * zero; when they do not, the result is shifted by the difference in whole hours (this is
 * celery issue #2482: the correction predates epoch timestamps). Bloom reproduces it exactly
 * so its times match Flower's for the same cluster; pass `localUtcOffset` explicitly to pin
 * `here` (tests, or a deployment that wants raw epoch times: pass the sender's offset).
 */

/** The receiver-side `utcoffset()` of celery.utils.time for this process, at `at`. */
export function localUtcOffsetHours(at: Date = new Date()): number {
  // getTimezoneOffset is minutes west of UTC including DST, i.e. Python's timezone/altzone
  // divided by 60; Math.floor matches Python's `//` for negative zones.
  return Math.floor(at.getTimezoneOffset() / 60) + 0;
}

/** celery.utils.time.adjust_timestamp with an explicit receiver offset. */
export function adjustTimestamp(timestamp: number, senderUtcOffset: number, localUtcOffset: number): number {
  return timestamp - (senderUtcOffset - localUtcOffset) * 3600;
}
