-- The ingest's hottest statement appends thousands of task_events rows per second. Two costs
-- it paid for nothing:
-- * `fields` as jsonb: every event was parsed into jsonb's binary form on insert, yet it is
--   only ever read back whole (task page timeline) or for two keys (monitor); `json` keeps the
--   text as sent, after a validating scan.
-- * task_events_time_idx: no query reads events by time (the timeline uses the dedupe key,
--   the monitor the id, retention the task id), yet every insert maintained it.
DROP INDEX "task_events_time_idx";

ALTER TABLE "task_events" ALTER COLUMN "fields" SET DATA TYPE JSON USING "fields"::json;
