-- CreateEnum
CREATE TYPE "BenefitKind" AS ENUM ('LABOUR_MARKET_SUBSIDY', 'BASIC_UNEMPLOYMENT_ALLOWANCE', 'REHABILITATION_ALLOWANCE', 'SICKNESS_ALLOWANCE', 'HOUSING_ALLOWANCE', 'REHABILITATIVE_WORK_EXPENSE_ALLOWANCE');

-- CreateEnum
CREATE TYPE "BenefitStatus" AS ENUM ('APPLIED', 'GRANTED', 'REJECTED', 'ENDED');

-- CreateEnum
CREATE TYPE "RehabilitationKind" AS ENUM ('VOCATIONAL_REHABILITATION', 'REHABILITATIVE_PSYCHOTHERAPY', 'REHABILITATION_COURSE');

-- CreateEnum
CREATE TYPE "RehabilitationOutcome" AS ENUM ('PENDING', 'GRANTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "PrimaryBenefitReason" AS ENUM ('LONG_SICKNESS_ALLOWANCE_PERIOD', 'POSSIBLE_DISABILITY_PENSION', 'INCAPACITY_FOR_WORK', 'REHABILITATION_NEED');

-- CreateEnum
CREATE TYPE "PrimaryBenefitOutcome" AS ENUM ('SICKNESS_ALLOWANCE', 'REHABILITATION', 'DISABILITY_PENSION', 'UNEMPLOYMENT_BENEFIT_CONTINUES');

-- CreateTable
CREATE TABLE "KelaCustomer" (
    "customerId" TEXT NOT NULL,
    "serviceOffice" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KelaCustomer_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "BenefitDecision" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "BenefitKind" NOT NULL,
    "status" "BenefitStatus" NOT NULL,
    "appliedOn" DATE NOT NULL,
    "decidedOn" DATE,
    "startsOn" DATE,
    "endsOn" DATE,
    "dailyAmountCents" INTEGER,
    "monthlyAmountCents" INTEGER,
    "paymentDaysUsed" INTEGER,
    "maximumPaymentDays" INTEGER,
    "labourPolicyStatement" TEXT,
    "reasoning" TEXT,
    "decidedBy" TEXT,

    CONSTRAINT "BenefitDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BenefitPayment" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "kind" "BenefitKind" NOT NULL,
    "paidOn" DATE NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "grossAmountCents" INTEGER NOT NULL,

    CONSTRAINT "BenefitPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RehabilitationDecision" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "kind" "RehabilitationKind" NOT NULL,
    "service" TEXT NOT NULL,
    "appliedOn" DATE NOT NULL,
    "decidedOn" DATE,
    "decision" "RehabilitationOutcome" NOT NULL,
    "reasoning" TEXT,
    "provider" TEXT,
    "startsOn" DATE,
    "endsOn" DATE,
    "decidedBy" TEXT,

    CONSTRAINT "RehabilitationDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrimaryBenefitClarification" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "openForCustomer" TEXT,
    "startedOn" DATE NOT NULL,
    "reason" "PrimaryBenefitReason" NOT NULL,
    "note" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "outcome" "PrimaryBenefitOutcome",
    "outcomeNote" TEXT,
    "concludedOn" DATE,
    "concludedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrimaryBenefitClarification_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "BenefitDecision_customerId_idx" ON "BenefitDecision"("customerId");

-- CreateIndex
CREATE INDEX "BenefitPayment_customerId_paidOn_idx" ON "BenefitPayment"("customerId", "paidOn");

-- CreateIndex
CREATE INDEX "RehabilitationDecision_customerId_idx" ON "RehabilitationDecision"("customerId");

-- CreateIndex
CREATE INDEX "PrimaryBenefitClarification_customerId_idx" ON "PrimaryBenefitClarification"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "PrimaryBenefitClarification_openForCustomer_key" ON "PrimaryBenefitClarification"("openForCustomer");

-- CreateIndex
CREATE INDEX "AccessLogEntry_customerIds_idx" ON "AccessLogEntry" USING GIN ("customerIds");

-- CreateIndex
CREATE INDEX "AccessLogEntry_actorId_at_idx" ON "AccessLogEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AccessLogEntry_at_idx" ON "AccessLogEntry"("at");
