-- CreateEnum
CREATE TYPE "EmploymentBenefitPayer" AS ENUM ('KELA', 'UNEMPLOYMENT_FUND');

-- CreateEnum
CREATE TYPE "EmploymentStatusKind" AS ENUM ('UNEMPLOYED', 'LAID_OFF', 'PART_TIME_EMPLOYED', 'IN_SERVICES', 'EMPLOYED', 'STUDENT', 'OUTSIDE_LABOUR_FORCE');

-- CreateEnum
CREATE TYPE "EmploymentJobSearchPlanKind" AS ENUM ('JOB_SEARCH_PLAN', 'TRAINING_PLAN', 'INTEGRATION_PLAN');

-- CreateEnum
CREATE TYPE "EmploymentServiceLine" AS ENUM ('JOB_PLACEMENT', 'SKILLS_DEVELOPMENT', 'SUPPORTED_EMPLOYMENT');

-- CreateEnum
CREATE TYPE "EmploymentSelectionResult" AS ENUM ('PENDING', 'SELECTED', 'NOT_SELECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "EmploymentOfferKind" AS ENUM ('PRESENTATION_TO_EMPLOYER', 'JOB_OFFER', 'TRAINING_OFFER', 'SERVICE_OFFER');

-- CreateEnum
CREATE TYPE "EmploymentOfferResult" AS ENUM ('PENDING', 'APPLIED', 'HIRED', 'NOT_HIRED', 'STARTED', 'DID_NOT_APPLY', 'REFUSED');

-- CreateEnum
CREATE TYPE "EmploymentDecisionKind" AS ENUM ('PAY_SUBSIDY', 'START_UP_GRANT', 'LABOUR_MARKET_TRAINING', 'SELF_MOTIVATED_STUDIES', 'WORK_TRIAL', 'TRAVEL_AND_ACCOMMODATION_COMPENSATION');

-- CreateEnum
CREATE TYPE "EmploymentDecisionOutcome" AS ENUM ('GRANTED', 'PARTLY_GRANTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "EmploymentStatementKind" AS ENUM ('JOB_REFUSAL', 'RESIGNATION', 'FULL_TIME_STUDIES', 'SELF_EMPLOYMENT', 'EMPLOYMENT_PLAN_NEGLECT', 'SERVICE_PARTICIPATION', 'AVAILABILITY_FOR_WORK');

-- CreateEnum
CREATE TYPE "EmploymentServiceMeasureKind" AS ENUM ('JOB_SEARCH_COACHING', 'CAREER_COACHING', 'EXPERT_ASSESSMENT', 'WORK_TRIAL', 'TRAINING_TRIAL');

-- CreateEnum
CREATE TYPE "EmploymentServiceState" AS ENUM ('PLANNED', 'ONGOING', 'COMPLETED', 'INTERRUPTED');

-- CreateEnum
CREATE TYPE "EmploymentContactDirection" AS ENUM ('INCOMING', 'OUTGOING');

-- CreateEnum
CREATE TYPE "EmploymentContactParty" AS ENUM ('CUSTOMER', 'PARTNER');

-- CreateEnum
CREATE TYPE "EmploymentContactChannel" AS ENUM ('IN_PERSON', 'PHONE', 'EMAIL', 'ONLINE_SERVICE', 'LETTER', 'ELECTRONIC_INTERFACE');

-- CreateEnum
CREATE TYPE "EmploymentPermitKind" AS ENUM ('RESIDENCE_PERMIT_WORK', 'RESIDENCE_PERMIT_FAMILY', 'RESIDENCE_PERMIT_STUDY', 'INTERNATIONAL_PROTECTION', 'EU_REGISTRATION', 'PERMANENT_RESIDENCE');

-- CreateEnum
CREATE TYPE "EmploymentRightToWork" AS ENUM ('UNRESTRICTED', 'RESTRICTED', 'NONE');

-- CreateEnum
CREATE TYPE "EmploymentGender" AS ENUM ('FEMALE', 'MALE', 'OTHER');

-- CreateEnum
CREATE TYPE "EmploymentPlacementOutcome" AS ENUM ('OPEN_LABOUR_MARKET', 'PAY_SUBSIDISED_WORK', 'APPRENTICESHIP', 'STUDIES', 'WORK_TRIAL', 'OTHER_SERVICE', 'REHABILITATION', 'NOT_PLACED');

-- CreateEnum
CREATE TYPE "EmploymentPrimaryBenefit" AS ENUM ('SICKNESS_ALLOWANCE', 'REHABILITATION_ALLOWANCE', 'DISABILITY_PENSION', 'PARTIAL_DISABILITY_PENSION', 'UNEMPLOYMENT_BENEFIT');

-- CreateEnum
CREATE TYPE "EmploymentClarificationState" AS ENUM ('ONGOING', 'COMPLETED');

-- CreateEnum
CREATE TYPE "EmploymentWorkCapacityLevel" AS ENUM ('FULL', 'PARTIAL', 'REDUCED', 'NONE', 'UNCLEAR');

-- CreateEnum
CREATE TYPE "EmploymentGuidanceMode" AS ENUM ('IN_PERSON', 'PHONE', 'VIDEO');

-- CreateEnum
CREATE TYPE "EmploymentAssignmentKind" AS ENUM ('RECRUITMENT', 'PAY_SUBSIDY_PLACEMENT', 'WORK_TRIAL_PLACEMENT', 'APPRENTICESHIP');

-- CreateEnum
CREATE TYPE "EmploymentAssignmentState" AS ENUM ('OPEN', 'FILLED', 'CANCELLED');

-- CreateTable
CREATE TABLE "JobSeeker" (
    "customerId" TEXT NOT NULL,
    "responsibleOfficialId" TEXT NOT NULL,
    "responsibleOfficialName" TEXT NOT NULL,
    "benefitPayer" "EmploymentBenefitPayer" NOT NULL,
    "unemploymentFundName" TEXT,
    "jobSearchStartedOn" DATE NOT NULL,
    "jobSearchEndedOn" DATE,
    "jobSearchEndReason" TEXT,
    "employmentStatus" "EmploymentStatusKind" NOT NULL,
    "employerDisclosureConsent" BOOLEAN NOT NULL DEFAULT false,
    "employerDisclosureConsentOn" DATE,
    "skills" TEXT[],
    "jobSearchAreas" TEXT[],
    "desiredOccupations" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobSeeker_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "WorkHistoryEntry" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "employer" TEXT NOT NULL,
    "occupation" TEXT NOT NULL,
    "employmentType" TEXT NOT NULL,
    "startedOn" DATE NOT NULL,
    "endedOn" DATE,

    CONSTRAINT "WorkHistoryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Education" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "qualification" TEXT,
    "institution" TEXT,
    "completedOn" DATE,

    CONSTRAINT "Education_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingNeed" (
    "customerId" TEXT NOT NULL,
    "targetOccupation" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "searchAreas" TEXT[],
    "identifiedOn" DATE NOT NULL,

    CONSTRAINT "TrainingNeed_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "JobSearchPlan" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "EmploymentJobSearchPlanKind" NOT NULL,
    "drawnUpOn" DATE NOT NULL,
    "steps" TEXT[],
    "nextReviewOn" DATE,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "JobSearchPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceNeed" (
    "customerId" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,
    "serviceLine" "EmploymentServiceLine" NOT NULL,
    "summary" TEXT NOT NULL,
    "multiAgencyReferral" BOOLEAN NOT NULL,

    CONSTRAINT "ServiceNeed_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "TrainingApplication" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "trainingName" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "appliedOn" DATE NOT NULL,
    "result" "EmploymentSelectionResult" NOT NULL,
    "decidedOn" DATE,
    "startsOn" DATE,

    CONSTRAINT "TrainingApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "EmploymentOfferKind" NOT NULL,
    "offeredOn" DATE NOT NULL,
    "title" TEXT NOT NULL,
    "employerCustomerId" TEXT,
    "employerName" TEXT,
    "result" "EmploymentOfferResult" NOT NULL,
    "resultRecordedOn" DATE,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "EmploymentDecisionKind" NOT NULL,
    "decidedOn" DATE NOT NULL,
    "outcome" "EmploymentDecisionOutcome" NOT NULL,
    "validFrom" DATE,
    "validUntil" DATE,
    "summary" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Statement" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "EmploymentStatementKind" NOT NULL,
    "givenOn" DATE NOT NULL,
    "recipient" "EmploymentBenefitPayer" NOT NULL,
    "content" TEXT NOT NULL,
    "givenBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Statement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClarificationRequest" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "statementId" TEXT NOT NULL,
    "sentOn" DATE NOT NULL,
    "subject" TEXT NOT NULL,
    "answerDueOn" DATE NOT NULL,
    "answeredOn" DATE,
    "answer" TEXT,

    CONSTRAINT "ClarificationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MobilityGrant" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "decidedOn" DATE NOT NULL,
    "outcome" "EmploymentDecisionOutcome" NOT NULL,
    "jobStartsOn" DATE NOT NULL,
    "dailyCommuteHours" DOUBLE PRECISION NOT NULL,
    "grantedDays" INTEGER,

    CONSTRAINT "MobilityGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceMeasure" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "EmploymentServiceMeasureKind" NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "state" "EmploymentServiceState" NOT NULL,
    "outcome" TEXT,

    CONSTRAINT "ServiceMeasure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "contactedAt" TIMESTAMP(3) NOT NULL,
    "direction" "EmploymentContactDirection" NOT NULL,
    "party" "EmploymentContactParty" NOT NULL,
    "partnerName" TEXT,
    "channel" "EmploymentContactChannel" NOT NULL,
    "subject" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "statementId" TEXT,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Permit" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "EmploymentPermitKind" NOT NULL,
    "rightToWork" "EmploymentRightToWork" NOT NULL,
    "restriction" TEXT,
    "validFrom" DATE NOT NULL,
    "validUntil" DATE,

    CONSTRAINT "Permit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthNote" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "recordedOn" DATE NOT NULL,
    "limitation" TEXT NOT NULL,
    "effectOnJobSearch" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "HealthNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VocationalGuidance" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "startedOn" DATE NOT NULL,
    "psychologistName" TEXT NOT NULL,
    "background" TEXT NOT NULL,
    "previousGuidance" TEXT,
    "careerOptions" TEXT[],
    "healthRestrictions" TEXT,

    CONSTRAINT "VocationalGuidance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GuidanceSession" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "guidanceId" TEXT NOT NULL,
    "heldOn" DATE NOT NULL,
    "mode" "EmploymentGuidanceMode" NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "GuidanceSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Unemployment" (
    "customerId" TEXT NOT NULL,
    "unemployedSince" DATE NOT NULL,
    "unemployedUntil" DATE,

    CONSTRAINT "Unemployment_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "PaySubsidy" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "decisionId" TEXT,
    "employerCustomerId" TEXT,
    "employerName" TEXT NOT NULL,
    "workplace" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "estimatedWageCosts" DOUBLE PRECISION NOT NULL,
    "subsidyPercent" INTEGER NOT NULL,
    "contactPerson" TEXT NOT NULL,

    CONSTRAINT "PaySubsidy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Coaching" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "nationality" TEXT NOT NULL,
    "motherTongue" TEXT NOT NULL,
    "gender" "EmploymentGender" NOT NULL,
    "coach" TEXT NOT NULL,
    "startedOn" DATE NOT NULL,
    "goals" TEXT[],
    "coachingPlan" TEXT NOT NULL,

    CONSTRAINT "Coaching_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContractPeriod" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "coachingId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,

    CONSTRAINT "ContractPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CoachingPeriod" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "coachingId" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "daysPerWeek" INTEGER NOT NULL,

    CONSTRAINT "CoachingPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkDiaryEntry" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "coachingPeriodId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "tasks" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkDiaryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Placement" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "coachingId" TEXT NOT NULL,
    "placedOn" DATE NOT NULL,
    "outcome" "EmploymentPlacementOutcome" NOT NULL,
    "employerCustomerId" TEXT,
    "description" TEXT NOT NULL,

    CONSTRAINT "Placement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrimaryBenefitClarification" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "startedOn" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "benefit" "EmploymentPrimaryBenefit" NOT NULL,
    "state" "EmploymentClarificationState" NOT NULL,
    "completedOn" DATE,
    "outcome" TEXT,

    CONSTRAINT "PrimaryBenefitClarification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkCapacityAssessment" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,
    "assessor" TEXT NOT NULL,
    "workCapacity" "EmploymentWorkCapacityLevel" NOT NULL,
    "summary" TEXT NOT NULL,
    "recommendations" TEXT NOT NULL,

    CONSTRAINT "WorkCapacityAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FunctionalCapacityAssessment" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "coachingId" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,
    "method" TEXT NOT NULL,
    "physical" TEXT NOT NULL,
    "mental" TEXT NOT NULL,
    "social" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "assessedBy" TEXT NOT NULL,

    CONSTRAINT "FunctionalCapacityAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivationPlan" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "drawnUpOn" DATE NOT NULL,
    "goals" TEXT NOT NULL,
    "placeName" TEXT NOT NULL,
    "daysPerWeek" INTEGER NOT NULL,
    "hoursPerDay" INTEGER NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "nextReviewOn" DATE NOT NULL,

    CONSTRAINT "ActivationPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmployerCustomer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "municipality" TEXT NOT NULL,
    "streetAddress" TEXT,
    "contactPerson" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "skillNeeds" TEXT[],
    "customerSince" DATE NOT NULL,

    CONSTRAINT "EmployerCustomer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmployerAssignment" (
    "id" TEXT NOT NULL,
    "employerCustomerId" TEXT NOT NULL,
    "kind" "EmploymentAssignmentKind" NOT NULL,
    "title" TEXT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "openings" INTEGER NOT NULL,
    "state" "EmploymentAssignmentState" NOT NULL,
    "events" JSONB NOT NULL,

    CONSTRAINT "EmployerAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessLogEntry" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestId" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorOrganisationKind" TEXT NOT NULL,
    "actorOrganisationId" TEXT NOT NULL,
    "actorRoles" TEXT[],
    "customerIds" TEXT[],
    "categories" TEXT[],
    "operation" TEXT NOT NULL,
    "operationName" TEXT,

    CONSTRAINT "AccessLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkHistoryEntry_customerId_idx" ON "WorkHistoryEntry"("customerId");

-- CreateIndex
CREATE INDEX "Education_customerId_idx" ON "Education"("customerId");

-- CreateIndex
CREATE INDEX "JobSearchPlan_customerId_idx" ON "JobSearchPlan"("customerId");

-- CreateIndex
CREATE INDEX "TrainingApplication_customerId_idx" ON "TrainingApplication"("customerId");

-- CreateIndex
CREATE INDEX "Offer_customerId_idx" ON "Offer"("customerId");

-- CreateIndex
CREATE INDEX "Decision_customerId_idx" ON "Decision"("customerId");

-- CreateIndex
CREATE INDEX "Statement_customerId_idx" ON "Statement"("customerId");

-- CreateIndex
CREATE INDEX "ClarificationRequest_customerId_idx" ON "ClarificationRequest"("customerId");

-- CreateIndex
CREATE INDEX "ClarificationRequest_statementId_idx" ON "ClarificationRequest"("statementId");

-- CreateIndex
CREATE INDEX "MobilityGrant_customerId_idx" ON "MobilityGrant"("customerId");

-- CreateIndex
CREATE INDEX "ServiceMeasure_customerId_idx" ON "ServiceMeasure"("customerId");

-- CreateIndex
CREATE INDEX "Contact_customerId_contactedAt_idx" ON "Contact"("customerId", "contactedAt");

-- CreateIndex
CREATE INDEX "Permit_customerId_idx" ON "Permit"("customerId");

-- CreateIndex
CREATE INDEX "HealthNote_customerId_idx" ON "HealthNote"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "VocationalGuidance_customerId_key" ON "VocationalGuidance"("customerId");

-- CreateIndex
CREATE INDEX "GuidanceSession_customerId_idx" ON "GuidanceSession"("customerId");

-- CreateIndex
CREATE INDEX "GuidanceSession_guidanceId_idx" ON "GuidanceSession"("guidanceId");

-- CreateIndex
CREATE INDEX "PaySubsidy_customerId_idx" ON "PaySubsidy"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Coaching_customerId_key" ON "Coaching"("customerId");

-- CreateIndex
CREATE INDEX "ContractPeriod_customerId_idx" ON "ContractPeriod"("customerId");

-- CreateIndex
CREATE INDEX "ContractPeriod_coachingId_idx" ON "ContractPeriod"("coachingId");

-- CreateIndex
CREATE INDEX "CoachingPeriod_customerId_idx" ON "CoachingPeriod"("customerId");

-- CreateIndex
CREATE INDEX "CoachingPeriod_coachingId_idx" ON "CoachingPeriod"("coachingId");

-- CreateIndex
CREATE INDEX "WorkDiaryEntry_customerId_idx" ON "WorkDiaryEntry"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkDiaryEntry_coachingPeriodId_date_key" ON "WorkDiaryEntry"("coachingPeriodId", "date");

-- CreateIndex
CREATE INDEX "Placement_customerId_idx" ON "Placement"("customerId");

-- CreateIndex
CREATE INDEX "Placement_coachingId_idx" ON "Placement"("coachingId");

-- CreateIndex
CREATE INDEX "PrimaryBenefitClarification_customerId_idx" ON "PrimaryBenefitClarification"("customerId");

-- CreateIndex
CREATE INDEX "WorkCapacityAssessment_customerId_idx" ON "WorkCapacityAssessment"("customerId");

-- CreateIndex
CREATE INDEX "FunctionalCapacityAssessment_customerId_idx" ON "FunctionalCapacityAssessment"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "FunctionalCapacityAssessment_coachingId_key" ON "FunctionalCapacityAssessment"("coachingId");

-- CreateIndex
CREATE UNIQUE INDEX "ActivationPlan_customerId_key" ON "ActivationPlan"("customerId");

-- CreateIndex
CREATE INDEX "EmployerCustomer_municipality_idx" ON "EmployerCustomer"("municipality");

-- CreateIndex
CREATE INDEX "EmployerAssignment_employerCustomerId_idx" ON "EmployerAssignment"("employerCustomerId");

-- CreateIndex
CREATE INDEX "AccessLogEntry_customerIds_idx" ON "AccessLogEntry" USING GIN ("customerIds");

-- CreateIndex
CREATE INDEX "AccessLogEntry_actorId_at_idx" ON "AccessLogEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AccessLogEntry_at_idx" ON "AccessLogEntry"("at");
