-- /metrics: cumulative task-event counts and runtime histograms per worker, task and event type (Flower's counters).
-- CreateTable
CREATE TABLE "event_totals" (
    "worker" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "runtime_count" BIGINT NOT NULL DEFAULT 0,
    "runtime_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "histogram" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_totals_pkey" PRIMARY KEY ("worker","task","type")
);

