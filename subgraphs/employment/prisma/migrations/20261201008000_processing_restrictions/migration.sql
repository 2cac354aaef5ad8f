-- Restrictions of processing of this register's data (issue 12; GDPR art. 18; shared/src/rights/restrictions.ts).
CREATE TABLE "ProcessingRestriction" (
  "id" TEXT NOT NULL,
  "customerId" TEXT NOT NULL,
  "categories" TEXT[],
  "ground" TEXT NOT NULL,
  "allowedUses" TEXT[],
  "since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "liftedAt" TIMESTAMP(3),
  "liftReason" TEXT,
  "recordedBy" TEXT NOT NULL,
  "recordedByAuthority" TEXT NOT NULL,
  "liftedBy" TEXT,
  CONSTRAINT "ProcessingRestriction_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ProcessingRestriction_customerId_idx" ON "ProcessingRestriction"("customerId");
