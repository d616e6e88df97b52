-- Sign-in: where a user comes from, when they last signed in, and failed attempts for lockout.
-- AlterTable
ALTER TABLE "users" ADD COLUMN     "auth_source" TEXT NOT NULL DEFAULT 'password',
ADD COLUMN     "last_sign_in_at" TIMESTAMPTZ(6);

-- CreateTable
CREATE TABLE "login_attempts" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(6),

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("key")
);
