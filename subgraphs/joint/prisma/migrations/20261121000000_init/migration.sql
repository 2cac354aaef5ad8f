-- CreateEnum
CREATE TYPE "Authority" AS ENUM ('EMPLOYMENT', 'WELLBEING', 'KELA');

-- CreateEnum
CREATE TYPE "SpecialArrangementKind" AS ENUM ('INTERPRETER', 'SIGN_LANGUAGE_INTERPRETER', 'ACCESSIBLE_PREMISES', 'REMOTE_MEETINGS', 'SUPPORT_PERSON', 'OTHER');

-- CreateEnum
CREATE TYPE "MeetingMode" AS ENUM ('IN_PERSON', 'PHONE', 'VIDEO', 'WEB_SERVICE');

-- CreateEnum
CREATE TYPE "ConsentStatus" AS ENUM ('GIVEN', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('IN_WRITING', 'ELECTRONIC', 'ORAL_RECORDED');

-- CreateEnum
CREATE TYPE "WorkCapacity" AS ENUM ('FULL', 'PARTIAL', 'REDUCED', 'UNDER_ASSESSMENT');

-- CreateEnum
CREATE TYPE "AssessmentPhase" AS ENUM ('START', 'DURING', 'END');

-- CreateEnum
CREATE TYPE "PlanReviewKind" AS ENUM ('FOLLOW_UP', 'REVIEW');

-- CreateEnum
CREATE TYPE "ServiceState" AS ENUM ('PLANNED', 'ONGOING', 'COMPLETED', 'INTERRUPTED');

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "personalIdentityCode" TEXT NOT NULL,
    "firstNames" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "streetAddress" TEXT,
    "postalCode" TEXT,
    "postOffice" TEXT,
    "homeMunicipality" TEXT NOT NULL,
    "phoneNumbers" TEXT[],
    "email" TEXT,
    "motherTongue" TEXT,
    "professionalSkills" TEXT[],
    "customershipStartedOn" DATE NOT NULL,
    "customershipEndedOn" DATE,
    "customershipEndReason" TEXT,
    "youthService" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpecialArrangement" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "SpecialArrangementKind" NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "SpecialArrangement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralNote" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "referredOn" DATE NOT NULL,
    "fromAuthority" "Authority",
    "referredBy" TEXT NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "ReferralNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponsibleOfficial" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "authority" "Authority" NOT NULL,
    "officialId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "since" DATE NOT NULL,

    CONSTRAINT "ResponsibleOfficial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL,
    "mode" "MeetingMode" NOT NULL,
    "location" TEXT,
    "firstMeeting" BOOLEAN NOT NULL DEFAULT false,
    "participants" JSONB NOT NULL,
    "agreed" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "recipientType" TEXT NOT NULL,
    "recipientOrganisationId" TEXT,
    "recipientOrganisationName" TEXT,
    "categories" TEXT[],
    "purpose" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "validUntil" DATE NOT NULL,
    "status" "ConsentStatus" NOT NULL DEFAULT 'GIVEN',
    "method" "ConsentMethod" NOT NULL,
    "givenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedBy" TEXT NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnBy" TEXT,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Education" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "institution" TEXT,
    "completedOn" DATE,

    CONSTRAINT "Education_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkHistoryEntry" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "employer" TEXT NOT NULL,
    "occupation" TEXT NOT NULL,
    "startedOn" DATE NOT NULL,
    "endedOn" DATE,

    CONSTRAINT "WorkHistoryEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SocialSituation" (
    "customerId" TEXT NOT NULL,
    "housing" TEXT NOT NULL,
    "livelihood" TEXT NOT NULL,
    "familySituation" TEXT NOT NULL,
    "effectOnEmployment" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,

    CONSTRAINT "SocialSituation_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "HealthAndWorkCapacity" (
    "customerId" TEXT NOT NULL,
    "workCapacity" "WorkCapacity" NOT NULL,
    "functionalCapacity" TEXT NOT NULL,
    "limitations" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,

    CONSTRAINT "HealthAndWorkCapacity_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "ServiceNeedAssessment" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,
    "needsFrom" "Authority"[],
    "multiAgencyNeed" BOOLEAN NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "ServiceNeedAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SituationAssessment" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "phase" "AssessmentPhase" NOT NULL,
    "assessedOn" DATE NOT NULL,
    "situation" TEXT NOT NULL,
    "goalAttainment" INTEGER NOT NULL,

    CONSTRAINT "SituationAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmploymentPlan" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "drawnUpOn" DATE NOT NULL,
    "goal" TEXT NOT NULL,
    "steps" TEXT[],
    "nextReviewOn" DATE,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmploymentPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanReview" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "PlanReviewKind" NOT NULL,
    "reviewedOn" DATE NOT NULL,
    "outcome" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "PlanReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerService" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider" "Authority" NOT NULL,
    "state" "ServiceState" NOT NULL,
    "startsOn" DATE,
    "endsOn" DATE,
    "interruptionReason" TEXT,

    CONSTRAINT "CustomerService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureRecord" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "disclosedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "register" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "recipientType" TEXT NOT NULL,
    "recipientOrganisationId" TEXT NOT NULL,
    "consentId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "categories" TEXT[],
    "fields" TEXT[],
    "requestId" TEXT NOT NULL,

    CONSTRAINT "DisclosureRecord_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "Customer_personalIdentityCode_key" ON "Customer"("personalIdentityCode");

-- CreateIndex
CREATE INDEX "SpecialArrangement_customerId_idx" ON "SpecialArrangement"("customerId");

-- CreateIndex
CREATE INDEX "ReferralNote_customerId_idx" ON "ReferralNote"("customerId");

-- CreateIndex
CREATE INDEX "ResponsibleOfficial_officialId_customerId_idx" ON "ResponsibleOfficial"("officialId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "ResponsibleOfficial_customerId_authority_key" ON "ResponsibleOfficial"("customerId", "authority");

-- CreateIndex
CREATE INDEX "Meeting_customerId_idx" ON "Meeting"("customerId");

-- CreateIndex
CREATE INDEX "Consent_customerId_idx" ON "Consent"("customerId");

-- CreateIndex
CREATE INDEX "Education_customerId_idx" ON "Education"("customerId");

-- CreateIndex
CREATE INDEX "WorkHistoryEntry_customerId_idx" ON "WorkHistoryEntry"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceNeedAssessment_customerId_key" ON "ServiceNeedAssessment"("customerId");

-- CreateIndex
CREATE INDEX "SituationAssessment_customerId_idx" ON "SituationAssessment"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "EmploymentPlan_customerId_key" ON "EmploymentPlan"("customerId");

-- CreateIndex
CREATE INDEX "PlanReview_customerId_idx" ON "PlanReview"("customerId");

-- CreateIndex
CREATE INDEX "CustomerService_customerId_idx" ON "CustomerService"("customerId");

-- CreateIndex
CREATE INDEX "DisclosureRecord_customerId_disclosedAt_idx" ON "DisclosureRecord"("customerId", "disclosedAt");

-- CreateIndex
CREATE INDEX "AccessLogEntry_customerIds_idx" ON "AccessLogEntry" USING GIN ("customerIds");

-- CreateIndex
CREATE INDEX "AccessLogEntry_actorId_at_idx" ON "AccessLogEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AccessLogEntry_at_idx" ON "AccessLogEntry"("at");
