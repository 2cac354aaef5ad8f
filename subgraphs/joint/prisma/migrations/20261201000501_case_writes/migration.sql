-- The case from referral to end as officials' writes (issue 10): provenance of every row (which authority
-- and official stored it), several responsible officials per authority with periods, versioned
-- assessments, plan versions, service state changes, planned/held/cancelled meetings, ended customership
-- periods and contact-detail changes with previous values.

CREATE TYPE "MeetingStatus" AS ENUM ('PLANNED', 'HELD', 'CANCELLED');
CREATE TYPE "PlanAcceptanceMethod" AS ENUM ('IN_PERSON', 'IN_WRITING', 'ELECTRONIC');

ALTER TABLE "SpecialArrangement" ADD COLUMN "since" DATE, ADD COLUMN "until" DATE, ADD COLUMN "endReason" TEXT,
  ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;

ALTER TABLE "ReferralNote" ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;

DROP INDEX "ResponsibleOfficial_customerId_authority_key";
ALTER TABLE "ResponsibleOfficial" ADD COLUMN "until" DATE, ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;
CREATE INDEX "ResponsibleOfficial_customerId_idx" ON "ResponsibleOfficial"("customerId");

ALTER TABLE "Meeting" ALTER COLUMN "heldAt" DROP NOT NULL, ALTER COLUMN "agreed" DROP NOT NULL,
  ADD COLUMN "status" "MeetingStatus" NOT NULL DEFAULT 'HELD', ADD COLUMN "scheduledAt" TIMESTAMP(3), ADD COLUMN "convener" JSONB,
  ADD COLUMN "remoteTool" TEXT, ADD COLUMN "firstMeetingAimMet" BOOLEAN, ADD COLUMN "deviationReason" TEXT,
  ADD COLUMN "cancellationReason" TEXT, ADD COLUMN "storedByAuthority" "Authority";

-- Versioned: a row per version, keyed by its own id; the existing rows become the first versions.
ALTER TABLE "SocialSituation" DROP CONSTRAINT "SocialSituation_pkey",
  ADD COLUMN "id" TEXT NOT NULL DEFAULT gen_random_uuid()::text, ADD COLUMN "assessorName" TEXT,
  ADD COLUMN "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;
ALTER TABLE "SocialSituation" ALTER COLUMN "id" DROP DEFAULT, ADD CONSTRAINT "SocialSituation_pkey" PRIMARY KEY ("id");
CREATE INDEX "SocialSituation_customerId_idx" ON "SocialSituation"("customerId");

ALTER TABLE "HealthAndWorkCapacity" DROP CONSTRAINT "HealthAndWorkCapacity_pkey",
  ADD COLUMN "id" TEXT NOT NULL DEFAULT gen_random_uuid()::text, ADD COLUMN "assessorName" TEXT,
  ADD COLUMN "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;
ALTER TABLE "HealthAndWorkCapacity" ALTER COLUMN "id" DROP DEFAULT, ADD CONSTRAINT "HealthAndWorkCapacity_pkey" PRIMARY KEY ("id");
CREATE INDEX "HealthAndWorkCapacity_customerId_idx" ON "HealthAndWorkCapacity"("customerId");

DROP INDEX "ServiceNeedAssessment_customerId_key";
ALTER TABLE "ServiceNeedAssessment" ADD COLUMN "assessorName" TEXT, ADD COLUMN "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;
CREATE INDEX "ServiceNeedAssessment_customerId_idx" ON "ServiceNeedAssessment"("customerId");

ALTER TABLE "SituationAssessment" ADD COLUMN "assessorName" TEXT, ADD COLUMN "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;

ALTER TABLE "EmploymentPlan" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1, ADD COLUMN "stepDetails" JSONB,
  ADD COLUMN "acceptedOn" DATE, ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;

ALTER TABLE "PlanReview" ADD COLUMN "storedByAuthority" "Authority";

ALTER TABLE "CustomerService" ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;

CREATE TABLE "CustomershipPeriod" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "startedOn" DATE NOT NULL,
    "endedOn" DATE NOT NULL,
    "endReason" TEXT NOT NULL,
    "finalReportId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "storedByAuthority" "Authority",
    "storedBy" TEXT,
    CONSTRAINT "CustomershipPeriod_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CustomershipPeriod_customerId_idx" ON "CustomershipPeriod"("customerId");

CREATE TABLE "ContactDetailsChange" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "fields" TEXT[],
    "previousValues" JSONB NOT NULL,
    "newValues" JSONB NOT NULL,
    "storedByAuthority" "Authority",
    "storedBy" TEXT,
    CONSTRAINT "ContactDetailsChange_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ContactDetailsChange_customerId_changedAt_idx" ON "ContactDetailsChange"("customerId", "changedAt");

CREATE TABLE "EmploymentPlanVersion" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "drawnUpOn" DATE NOT NULL,
    "goal" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "nextReviewOn" DATE,
    "revisionReason" TEXT,
    "acceptedOn" DATE,
    "acceptanceMethod" "PlanAcceptanceMethod",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "storedByAuthority" "Authority",
    "storedBy" TEXT,
    CONSTRAINT "EmploymentPlanVersion_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "EmploymentPlanVersion_planId_version_key" ON "EmploymentPlanVersion"("planId", "version");
CREATE INDEX "EmploymentPlanVersion_customerId_idx" ON "EmploymentPlanVersion"("customerId");

CREATE TABLE "ServiceStateChange" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "from" "ServiceState",
    "to" "ServiceState" NOT NULL,
    "on" DATE NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "storedByAuthority" "Authority",
    "storedBy" TEXT,
    CONSTRAINT "ServiceStateChange_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ServiceStateChange_serviceId_idx" ON "ServiceStateChange"("serviceId");
CREATE INDEX "ServiceStateChange_customerId_idx" ON "ServiceStateChange"("customerId");
