-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "metric" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "clear_threshold" DOUBLE PRECISION,
    "window_seconds" INTEGER NOT NULL DEFAULT 300,
    "min_tasks" INTEGER NOT NULL DEFAULT 0,
    "for_seconds" INTEGER NOT NULL DEFAULT 0,
    "clear_for_seconds" INTEGER NOT NULL DEFAULT 0,
    "renotify_seconds" INTEGER NOT NULL DEFAULT 0,
    "severity" TEXT NOT NULL,
    "task_pattern" TEXT,
    "queue_pattern" TEXT,
    "worker_pattern" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "builtin" BOOLEAN NOT NULL DEFAULT false,
    "channel_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "silenced_until" TIMESTAMPTZ(6),
    "silenced_by" TEXT,
    "silence_reason" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_states" (
    "rule_id" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "phase_since" TIMESTAMPTZ(6) NOT NULL,
    "clear_since" TIMESTAMPTZ(6),
    "value" DOUBLE PRECISION,
    "summary" TEXT,
    "detail" JSONB,
    "last_notified_at" TIMESTAMPTZ(6),
    "acknowledged_at" TIMESTAMPTZ(6),
    "acknowledged_by" TEXT,
    "evaluated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "alert_states_pkey" PRIMARY KEY ("rule_id")
);

-- CreateTable
CREATE TABLE "alert_history" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rule_id" TEXT NOT NULL,
    "rule_name" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT,
    "value" DOUBLE PRECISION,
    "message" TEXT NOT NULL,

    CONSTRAINT "alert_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_channels" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "channel_id" TEXT,
    "channel_name" TEXT NOT NULL,
    "channel_type" TEXT NOT NULL,
    "rule_id" TEXT,
    "kind" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6),
    "last_error" TEXT,
    "response_status" INTEGER,
    "sent_at" TIMESTAMPTZ(6),

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_states_phase_idx" ON "alert_states"("phase");

-- CreateIndex
CREATE INDEX "alert_history_time_idx" ON "alert_history"("at" DESC);

-- CreateIndex
CREATE INDEX "alert_history_rule_idx" ON "alert_history"("rule_id", "at" DESC);

-- CreateIndex
CREATE INDEX "alert_deliveries_time_idx" ON "alert_deliveries"("created_at" DESC);

-- CreateIndex
CREATE INDEX "alert_deliveries_due_idx" ON "alert_deliveries"("next_attempt_at") WHERE (status = 'pending');

-- AddForeignKey
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

