-- Anonymised statistics of a month as first computed (seed 004 § 5; the cooperation model, issue 13).
-- CreateTable
CREATE TABLE "StatisticsSnapshot" (
    "id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "minimumCount" INTEGER NOT NULL,
    "figures" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StatisticsSnapshot_pkey" PRIMARY KEY ("id")
);
