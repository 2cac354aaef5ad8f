-- The life span of data (issue 12): legal holds and the deletion records of the retention run.
CREATE TYPE "LegalHoldBasis" AS ENUM ('STATUTORY_TASK', 'PENDING_MATTER');

CREATE TABLE "LegalHold" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "registers" TEXT[],
    "basis" "LegalHoldBasis" NOT NULL,
    "reason" TEXT NOT NULL,
    "placedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "placedBy" TEXT NOT NULL,
    "placedByAuthority" "Authority" NOT NULL,
    "releasedAt" TIMESTAMP(3),
    "releasedBy" TEXT,
    "releaseReason" TEXT,

    CONSTRAINT "LegalHold_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "LegalHold_customerId_idx" ON "LegalHold"("customerId");

CREATE TABLE "DeletionRecord" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relationshipEnd" DATE NOT NULL,
    "dueOn" DATE NOT NULL,
    "rule" TEXT NOT NULL,
    "classes" TEXT[],
    "counts" JSONB NOT NULL,

    CONSTRAINT "DeletionRecord_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "DeletionRecord_runId_customerId_key" ON "DeletionRecord"("runId", "customerId");
CREATE INDEX "DeletionRecord_deletedAt_idx" ON "DeletionRecord"("deletedAt");

