-- CreateEnum
CREATE TYPE "Profession" AS ENUM ('PHYSICIAN', 'OCCUPATIONAL_HEALTH_PHYSICIAN', 'PSYCHIATRIST', 'PSYCHOLOGIST', 'PUBLIC_HEALTH_NURSE', 'PSYCHIATRIC_NURSE', 'PHYSIOTHERAPIST', 'OCCUPATIONAL_THERAPIST', 'SOCIAL_WORKER', 'SOCIAL_INSTRUCTOR', 'SUBSTANCE_ABUSE_WORKER', 'PEER_SUPPORTER');

-- CreateEnum
CREATE TYPE "ServiceState" AS ENUM ('APPLIED', 'PLANNED', 'ONGOING', 'COMPLETED', 'INTERRUPTED');

-- CreateEnum
CREATE TYPE "SocialWelfareServiceKind" AS ENUM ('SOCIAL_WORK', 'SOCIAL_GUIDANCE', 'SOCIAL_REHABILITATION', 'HOUSING_SERVICES', 'DEBT_COUNSELLING', 'FAMILY_SERVICES');

-- CreateEnum
CREATE TYPE "SocialAssistanceKind" AS ENUM ('SUPPLEMENTARY', 'PREVENTIVE');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('GRANTED', 'PARTLY_GRANTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "VisitMode" AS ENUM ('IN_PERSON', 'PHONE', 'VIDEO', 'HOME_VISIT');

-- CreateEnum
CREATE TYPE "ReferralState" AS ENUM ('SENT', 'ACCEPTED', 'COMPLETED', 'DECLINED');

-- CreateEnum
CREATE TYPE "SubstanceAbuseTreatmentKind" AS ENUM ('OUTPATIENT_TREATMENT', 'DETOXIFICATION', 'INPATIENT_REHABILITATION', 'OPIOID_SUBSTITUTION', 'PEER_SUPPORT');

-- CreateEnum
CREATE TYPE "WorkAbilityResult" AS ENUM ('FIT', 'PARTIALLY_FIT', 'UNFIT_TEMPORARILY', 'UNFIT');

-- CreateEnum
CREATE TYPE "Attendance" AS ENUM ('PRESENT', 'ABSENT_SICK', 'ABSENT_NOTIFIED', 'ABSENT_WITHOUT_NOTICE');

-- CreateTable
CREATE TABLE "Client" (
    "customerId" TEXT NOT NULL,
    "clientSince" DATE NOT NULL,
    "serviceArea" TEXT NOT NULL,

    CONSTRAINT "Client_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "SocialSituation" (
    "customerId" TEXT NOT NULL,
    "housing" TEXT NOT NULL,
    "livelihood" TEXT NOT NULL,
    "familySituation" TEXT NOT NULL,
    "debts" TEXT NOT NULL,
    "everydayLifeSkills" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,
    "assessedBy" TEXT NOT NULL,
    "assessorProfession" "Profession" NOT NULL,

    CONSTRAINT "SocialSituation_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "SocialWelfareService" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "SocialWelfareServiceKind" NOT NULL,
    "description" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "state" "ServiceState" NOT NULL,
    "decidedOn" DATE,
    "startsOn" DATE,
    "endsOn" DATE,
    "responsibleWorker" TEXT,
    "interruptionReason" TEXT,

    CONSTRAINT "SocialWelfareService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SocialAssistanceDecision" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "SocialAssistanceKind" NOT NULL,
    "purpose" TEXT NOT NULL,
    "appliedOn" DATE NOT NULL,
    "decidedOn" DATE NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "amountEur" DOUBLE PRECISION,
    "decidedBy" TEXT NOT NULL,

    CONSTRAINT "SocialAssistanceDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthVisit" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "visitedOn" DATE NOT NULL,
    "unit" TEXT NOT NULL,
    "professional" TEXT NOT NULL,
    "profession" "Profession" NOT NULL,
    "mode" "VisitMode" NOT NULL,
    "reason" TEXT NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "HealthVisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Diagnosis" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "diagnosedOn" DATE NOT NULL,
    "longTerm" BOOLEAN NOT NULL DEFAULT false,
    "resolvedOn" DATE,

    CONSTRAINT "Diagnosis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CarePlanNote" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "writtenOn" DATE NOT NULL,
    "writtenBy" TEXT NOT NULL,
    "profession" "Profession" NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "CarePlanNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HealthReferral" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "referredOn" DATE NOT NULL,
    "referredTo" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "referredBy" TEXT NOT NULL,
    "state" "ReferralState" NOT NULL,

    CONSTRAINT "HealthReferral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubstanceAbuseVisit" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "visitedOn" DATE NOT NULL,
    "unit" TEXT NOT NULL,
    "professional" TEXT NOT NULL,
    "profession" "Profession" NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "SubstanceAbuseVisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubstanceAbuseTreatmentPeriod" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "SubstanceAbuseTreatmentKind" NOT NULL,
    "unit" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "state" "ServiceState" NOT NULL,
    "notes" TEXT,

    CONSTRAINT "SubstanceAbuseTreatmentPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkAbilityAssessment" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,
    "assessorName" TEXT NOT NULL,
    "assessorProfession" "Profession" NOT NULL,
    "result" "WorkAbilityResult" NOT NULL,
    "recommendations" TEXT,
    "restrictions" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkAbilityAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivationPlan" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "drawnUpOn" DATE NOT NULL,
    "placeName" TEXT NOT NULL,
    "daysPerWeek" INTEGER NOT NULL,
    "hoursPerDay" INTEGER NOT NULL,
    "goals" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "nextReviewOn" DATE NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActivationPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivationPlanReview" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "reviewedOn" DATE NOT NULL,
    "outcome" TEXT NOT NULL,
    "goals" TEXT,
    "nextReviewOn" DATE,
    "periodEnd" DATE,
    "reviewedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActivationPlanReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceDay" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "attendance" "Attendance" NOT NULL,
    "hours" INTEGER NOT NULL,
    "note" TEXT,

    CONSTRAINT "AttendanceDay_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "SocialWelfareService_customerId_idx" ON "SocialWelfareService"("customerId");

-- CreateIndex
CREATE INDEX "SocialAssistanceDecision_customerId_idx" ON "SocialAssistanceDecision"("customerId");

-- CreateIndex
CREATE INDEX "HealthVisit_customerId_idx" ON "HealthVisit"("customerId");

-- CreateIndex
CREATE INDEX "Diagnosis_customerId_idx" ON "Diagnosis"("customerId");

-- CreateIndex
CREATE INDEX "CarePlanNote_customerId_idx" ON "CarePlanNote"("customerId");

-- CreateIndex
CREATE INDEX "HealthReferral_customerId_idx" ON "HealthReferral"("customerId");

-- CreateIndex
CREATE INDEX "SubstanceAbuseVisit_customerId_idx" ON "SubstanceAbuseVisit"("customerId");

-- CreateIndex
CREATE INDEX "SubstanceAbuseTreatmentPeriod_customerId_idx" ON "SubstanceAbuseTreatmentPeriod"("customerId");

-- CreateIndex
CREATE INDEX "WorkAbilityAssessment_customerId_idx" ON "WorkAbilityAssessment"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "ActivationPlan_customerId_key" ON "ActivationPlan"("customerId");

-- CreateIndex
CREATE INDEX "ActivationPlanReview_customerId_idx" ON "ActivationPlanReview"("customerId");

-- CreateIndex
CREATE INDEX "AttendanceDay_customerId_idx" ON "AttendanceDay"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceDay_planId_date_key" ON "AttendanceDay"("planId", "date");

-- CreateIndex
CREATE INDEX "AccessLogEntry_customerIds_idx" ON "AccessLogEntry" USING GIN ("customerIds");

-- CreateIndex
CREATE INDEX "AccessLogEntry_actorId_at_idx" ON "AccessLogEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AccessLogEntry_at_idx" ON "AccessLogEntry"("at");
