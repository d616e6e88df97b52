-- CreateIndex
CREATE INDEX "tasks_retried_from_idx" ON "tasks"("retried_from") WHERE (retried_from IS NOT NULL);
