-- CreateTable
CREATE TABLE "tasks" (
    "uuid" TEXT NOT NULL,
    "name" TEXT,
    "state" TEXT NOT NULL,
    "worker" TEXT,
    "client" TEXT,
    "args" TEXT,
    "kwargs" TEXT,
    "args_json" JSONB,
    "kwargs_json" JSONB,
    "result" TEXT,
    "exception" TEXT,
    "traceback" TEXT,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "queue" TEXT,
    "exchange" TEXT,
    "routing_key" TEXT,
    "parent_id" TEXT,
    "root_id" TEXT,
    "retried_from" TEXT,
    "eta" TIMESTAMPTZ(3),
    "expires" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(6),
    "received_at" TIMESTAMPTZ(6),
    "started_at" TIMESTAMPTZ(6),
    "succeeded_at" TIMESTAMPTZ(6),
    "failed_at" TIMESTAMPTZ(6),
    "retried_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),
    "rejected_at" TIMESTAMPTZ(6),
    "runtime" DOUBLE PRECISION,
    "details" JSONB,
    "state_at" TIMESTAMPTZ(6),
    "clock" BIGINT NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "task_events" (
    "id" BIGSERIAL NOT NULL,
    "task_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(6) NOT NULL,
    "clock" BIGINT NOT NULL DEFAULT 0,
    "fields" JSONB NOT NULL,
    "ingested_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workers" (
    "hostname" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'online',
    "last_heartbeat" TIMESTAMPTZ(6),
    "freq" DOUBLE PRECISION NOT NULL DEFAULT 2,
    "pid" INTEGER,
    "sw_ident" TEXT,
    "sw_ver" TEXT,
    "sw_sys" TEXT,
    "active" INTEGER NOT NULL DEFAULT 0,
    "processed" BIGINT NOT NULL DEFAULT 0,
    "loadavg" JSONB,
    "clock" BIGINT NOT NULL DEFAULT 0,
    "last_event_at" TIMESTAMPTZ(6),
    "online_at" TIMESTAMPTZ(6),
    "offline_at" TIMESTAMPTZ(6),
    "stats" JSONB,
    "registered" JSONB,
    "active_queues" JSONB,
    "conf" JSONB,
    "inspected_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workers_pkey" PRIMARY KEY ("hostname")
);

-- CreateTable
CREATE TABLE "queue_samples" (
    "id" BIGSERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "depth" BIGINT NOT NULL,
    "consumers" INTEGER,
    "sampled_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queue_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_rollups" (
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "runtime_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "runtime_min" DOUBLE PRECISION,
    "runtime_max" DOUBLE PRECISION,
    "histogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "task_rollups_pkey" PRIMARY KEY ("minute","name","state")
);

-- CreateTable
CREATE TABLE "dead_letters" (
    "id" BIGSERIAL NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "transport" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "raw" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_health" (
    "instance_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "broker_url" TEXT NOT NULL,
    "broker_state" TEXT NOT NULL,
    "broker_error" TEXT,
    "database_state" TEXT NOT NULL DEFAULT 'up',
    "lag_ms" INTEGER,
    "buffer_depth" INTEGER NOT NULL DEFAULT 0,
    "events_total" BIGINT NOT NULL DEFAULT 0,
    "dead_letters" BIGINT NOT NULL DEFAULT 0,
    "dropped" BIGINT NOT NULL DEFAULT 0,
    "events_per_sec" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "last_event_at" TIMESTAMPTZ(6),
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingest_health_pkey" PRIMARY KEY ("instance_id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "password_hash" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "arguments" JSONB,
    "replies" JSONB,
    "outcome" TEXT NOT NULL,
    "duration_ms" INTEGER,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tasks_first_seen_idx" ON "tasks"("first_seen_at" DESC, "uuid");

-- CreateIndex
CREATE INDEX "tasks_received_idx" ON "tasks"("received_at" DESC);

-- CreateIndex
CREATE INDEX "tasks_state_received_idx" ON "tasks"("state", "received_at" DESC);

-- CreateIndex
CREATE INDEX "tasks_name_received_idx" ON "tasks"("name", "received_at" DESC);

-- CreateIndex
CREATE INDEX "tasks_worker_received_idx" ON "tasks"("worker", "received_at" DESC);

-- CreateIndex
CREATE INDEX "tasks_root_idx" ON "tasks"("root_id");

-- CreateIndex
CREATE INDEX "tasks_parent_idx" ON "tasks"("parent_id");

-- CreateIndex
CREATE INDEX "tasks_updated_idx" ON "tasks"("updated_at");

-- CreateIndex
CREATE INDEX "task_events_time_idx" ON "task_events"("timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "task_events_dedupe_key" ON "task_events"("task_id", "timestamp", "type", "clock");

-- CreateIndex
CREATE INDEX "workers_status_idx" ON "workers"("status");

-- CreateIndex
CREATE INDEX "queue_samples_queue_idx" ON "queue_samples"("queue", "sampled_at" DESC);

-- CreateIndex
CREATE INDEX "queue_samples_time_idx" ON "queue_samples"("sampled_at");

-- CreateIndex
CREATE INDEX "task_rollups_name_idx" ON "task_rollups"("name", "minute");

-- CreateIndex
CREATE INDEX "dead_letters_time_idx" ON "dead_letters"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "audit_log_time_idx" ON "audit_log"("at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_action_idx" ON "audit_log"("action", "at");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
