-- The employment authority's own writes in a case (issue 10): the deciding official's name on decisions
-- (no automated decision-making, seed 004 § 12) and the final reports of multi-agency processes (seed 001 § 5).
ALTER TABLE "Decision" ADD COLUMN "decidedByName" TEXT;

CREATE TABLE "FinalReport" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "reportedOn" DATE NOT NULL,
    "customershipStartedOn" DATE NOT NULL,
    "customershipEndedOn" DATE NOT NULL,
    "endReason" TEXT NOT NULL,
    "endSituation" TEXT NOT NULL,
    "goalAttainment" INTEGER NOT NULL,
    "summary" TEXT NOT NULL,
    "recommendations" TEXT NOT NULL,
    "servicesCompleted" TEXT[],
    "servicesInterrupted" TEXT[],
    "reportedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FinalReport_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "FinalReport_customerId_idx" ON "FinalReport"("customerId");
