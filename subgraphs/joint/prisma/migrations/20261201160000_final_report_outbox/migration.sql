-- The outbox of final reports to the employment authority's register (issue 10, outside review): written
-- with the end of a customership, delivered and retried after it (src/final-report.ts).
-- CreateTable
CREATE TABLE "FinalReportNotice" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "customershipStartedOn" DATE NOT NULL,
    "report" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "storedByAuthority" "Authority" NOT NULL,
    "storedBy" TEXT NOT NULL,

    CONSTRAINT "FinalReportNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FinalReportNotice_deliveredAt_idx" ON "FinalReportNotice"("deliveredAt");

-- CreateIndex
CREATE UNIQUE INDEX "FinalReportNotice_customerId_customershipStartedOn_key" ON "FinalReportNotice"("customerId", "customershipStartedOn");
