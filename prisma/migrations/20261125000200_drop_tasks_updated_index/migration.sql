-- No query reads tasks by updated_at (it is shown on the task page, never searched or sorted),
-- yet every task write — thousands a second during a burst — maintained this index.
DROP INDEX "tasks_updated_idx";
