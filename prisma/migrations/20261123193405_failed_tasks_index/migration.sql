-- CreateIndex
CREATE INDEX "tasks_failed_first_seen_idx" ON "tasks"("first_seen_at") WHERE (state = 'FAILURE');
