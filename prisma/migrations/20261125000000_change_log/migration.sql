-- CreateTable
CREATE TABLE "change_log" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" JSON NOT NULL,

    CONSTRAINT "change_log_pkey" PRIMARY KEY ("seq")
);

-- The one way changes are published (ingest batches, the worker sweeper, retention): log the
-- change and NOTIFY it with its seq, in the caller's transaction. The advisory lock, held
-- until that transaction ends, makes seq order the commit order: without it a transaction
-- could draw seq 10, commit after the one that drew 11, and a browser resuming from 11 would
-- never see 10. The lock is taken last in every publishing transaction, so it waits only for
-- another publisher's commit and cannot deadlock. It is distinct from the ingest leader lock
-- (0x626c6f6f6d) and the migration lock (0x626c6f6f6d6d).
-- The payload is kept as `json` (text, verbatim) and the seq spliced in as text: a `jsonb`
-- round trip would add spaces and could push a full payload past NOTIFY's 8000 bytes.
CREATE FUNCTION bloom_publish_change(channel text, change json) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    next_seq bigint;
    body text := ltrim(change::text);
BEGIN
    IF json_typeof(change) <> 'object' OR body !~ '^\{\s*"' THEN
        RAISE EXCEPTION 'bloom_publish_change: the change must be a non-empty JSON object';
    END IF;
    PERFORM pg_advisory_xact_lock(108217865563491); -- 0x626c6f6f6d63, "bloomc"
    INSERT INTO change_log (payload) VALUES (change) RETURNING seq INTO next_seq;
    PERFORM pg_notify(channel, '{"seq":' || next_seq || ',' || substr(body, 2));
    RETURN next_seq;
END
$$;
