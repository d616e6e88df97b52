-- Indexes of the tasks page: queue filter, sort orders, task-id prefix and text search.
-- Text search uses trigrams: pg_trgm ships with PostgreSQL and is a trusted extension (13+),
-- the database owner may create it. (No semicolons in these comments: migrations are split
-- into statements at every semicolon.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "tasks_queue_received_idx" ON "tasks"("queue", "received_at" DESC);

-- CreateIndex
CREATE INDEX "tasks_started_idx" ON "tasks"("started_at" DESC) WHERE (started_at IS NOT NULL);

-- CreateIndex
CREATE INDEX "tasks_succeeded_idx" ON "tasks"("succeeded_at" DESC) WHERE (succeeded_at IS NOT NULL);

-- CreateIndex
CREATE INDEX "tasks_runtime_idx" ON "tasks"("runtime" DESC) WHERE (runtime IS NOT NULL);

-- CreateIndex
-- Task-id prefixes: SP-GiST's radix tree answers `uuid ^@ 'prefix'` under any collation (a
-- btree only serves LIKE 'abc%' in the C collation or with text_pattern_ops).
CREATE INDEX "tasks_uuid_prefix_idx" ON "tasks" USING SPGIST ("uuid" text_ops);

-- CreateIndex
-- (the predicate is spelled the way PostgreSQL prints it, so `prisma migrate diff` sees no drift)
CREATE INDEX "tasks_search_idx" ON "tasks" USING GIN ("args" gin_trgm_ops, "kwargs" gin_trgm_ops, "result" gin_trgm_ops, "exception" gin_trgm_ops) WHERE (state <> ALL (ARRAY['PENDING'::text, 'RECEIVED'::text, 'STARTED'::text]));
