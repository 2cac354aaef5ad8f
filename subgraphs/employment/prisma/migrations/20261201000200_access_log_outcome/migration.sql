-- The outcome of each logged use: ALLOWED, or DENIED for a refused attempt (906/2019 § 17; seed 004 § 10.2).
-- AlterTable
ALTER TABLE "AccessLogEntry" ADD COLUMN "outcome" TEXT NOT NULL DEFAULT 'ALLOWED';

-- CreateIndex
CREATE INDEX "AccessLogEntry_outcome_at_idx" ON "AccessLogEntry"("outcome", "at");
