-- The cooperation model (seed 003 Liite 2-6): staffing, governance, joint costs and their billing.
-- CreateEnum
CREATE TYPE "CooperationLeaderPosition" AS ENUM ('LEADER', 'DEPUTY');

-- CreateEnum
CREATE TYPE "SteeringGroupSeat" AS ENUM ('MEMBER', 'PERSONAL_DEPUTY');

-- CreateEnum
CREATE TYPE "SteeringGroupOfficeKind" AS ENUM ('CHAIR', 'VICE_CHAIR');

-- CreateEnum
CREATE TYPE "SteeringGroupDecisionKind" AS ENUM ('ANNEX_APPROVAL', 'STAFFING_REVIEW', 'LEADER_APPROVAL', 'BUDGET', 'DEVELOPMENT_DAYS', 'OTHER');

-- CreateEnum
CREATE TYPE "DevelopmentDayLength" AS ENUM ('FULL_DAY', 'HALF_DAY');

-- CreateEnum
CREATE TYPE "JointCostKind" AS ENUM ('LEADER_PAY', 'LEADER_OPERATING', 'DEPUTY_SUBSTITUTION', 'INTERIM_DEPUTY', 'DEVELOPMENT_DAY');

-- CreateTable
CREATE TABLE "StaffingAllocation" (
    "id" TEXT NOT NULL,
    "party" "Authority" NOT NULL,
    "title" TEXT NOT NULL,
    "roleCertificate" TEXT,
    "periodLabel" TEXT NOT NULL,
    "periodStartsOn" DATE NOT NULL,
    "fteHundredths" INTEGER NOT NULL,
    "countedInTotal" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffingAllocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseloadEstimate" (
    "id" TEXT NOT NULL,
    "appliesOn" DATE NOT NULL,
    "customers" INTEGER NOT NULL,
    "sources" TEXT[],
    "updatedOn" DATE NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseloadEstimate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffingReview" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "reviewedOn" DATE NOT NULL,
    "conclusion" TEXT NOT NULL,
    "approvedByDecisionId" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StaffingReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CooperationLeaderAppointment" (
    "id" TEXT NOT NULL,
    "position" "CooperationLeaderPosition" NOT NULL,
    "personId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "appointedOn" DATE NOT NULL,
    "termStartsOn" DATE NOT NULL,
    "termEndsOn" DATE NOT NULL,
    "shareOfWorkingTimePercent" INTEGER NOT NULL,
    "approvedByDecisionId" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CooperationLeaderAppointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SteeringGroupMember" (
    "id" TEXT NOT NULL,
    "party" "Authority" NOT NULL,
    "seat" "SteeringGroupSeat" NOT NULL,
    "deputyOfId" TEXT,
    "personId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "termStartsOn" DATE NOT NULL,
    "termEndsOn" DATE NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SteeringGroupMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SteeringGroupOffice" (
    "id" TEXT NOT NULL,
    "office" "SteeringGroupOfficeKind" NOT NULL,
    "memberId" TEXT NOT NULL,
    "namedBy" "Authority" NOT NULL,
    "termStartsOn" DATE NOT NULL,
    "termEndsOn" DATE NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SteeringGroupOffice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SteeringGroupMeeting" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "heldOn" DATE NOT NULL,
    "attendees" TEXT[],
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SteeringGroupMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SteeringGroupDecision" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "SteeringGroupDecisionKind" NOT NULL,
    "subject" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SteeringGroupDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnexVersion" (
    "id" TEXT NOT NULL,
    "annex" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "updatedOn" DATE NOT NULL,
    "summary" TEXT NOT NULL,
    "approvedByDecisionId" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnexVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JointCostBudget" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" "JointCostKind" NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JointCostBudget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DevelopmentDay" (
    "id" TEXT NOT NULL,
    "heldOn" DATE NOT NULL,
    "length" "DevelopmentDayLength" NOT NULL,
    "title" TEXT NOT NULL,
    "participantsEmployment" INTEGER NOT NULL,
    "participantsWellbeing" INTEGER NOT NULL,
    "participantsKela" INTEGER NOT NULL,
    "approvedByDecisionId" TEXT,
    "idempotencyKey" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DevelopmentDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JointCost" (
    "id" TEXT NOT NULL,
    "kind" "JointCostKind" NOT NULL,
    "incurredOn" DATE NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "substitutionStartsOn" DATE,
    "substitutionEndsOn" DATE,
    "developmentDayId" TEXT,
    "billingRunId" TEXT,
    "idempotencyKey" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JointCost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingRun" (
    "id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "ranOn" DATE NOT NULL,
    "ranBy" TEXT NOT NULL,
    "notShared" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JointCostInvoice" (
    "id" TEXT NOT NULL,
    "billingRunId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "quarter" INTEGER NOT NULL,
    "party" "Authority" NOT NULL,
    "issuedOn" DATE NOT NULL,
    "totalCents" INTEGER NOT NULL,
    "lines" JSONB NOT NULL,

    CONSTRAINT "JointCostInvoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StaffingAllocation_periodStartsOn_party_title_key" ON "StaffingAllocation"("periodStartsOn", "party", "title");

-- CreateIndex
CREATE UNIQUE INDEX "CaseloadEstimate_appliesOn_key" ON "CaseloadEstimate"("appliesOn");

-- CreateIndex
CREATE UNIQUE INDEX "StaffingReview_year_key" ON "StaffingReview"("year");

-- CreateIndex
CREATE UNIQUE INDEX "SteeringGroupMember_personId_termStartsOn_key" ON "SteeringGroupMember"("personId", "termStartsOn");

-- CreateIndex
CREATE UNIQUE INDEX "CooperationLeaderAppointment_position_termStartsOn_key" ON "CooperationLeaderAppointment"("position", "termStartsOn");

-- CreateIndex
CREATE INDEX "SteeringGroupMember_party_idx" ON "SteeringGroupMember"("party");

-- CreateIndex
CREATE UNIQUE INDEX "SteeringGroupOffice_office_termStartsOn_key" ON "SteeringGroupOffice"("office", "termStartsOn");

-- CreateIndex
CREATE UNIQUE INDEX "SteeringGroupMeeting_number_key" ON "SteeringGroupMeeting"("number");

-- CreateIndex
CREATE UNIQUE INDEX "SteeringGroupDecision_meetingId_number_key" ON "SteeringGroupDecision"("meetingId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "AnnexVersion_annex_version_key" ON "AnnexVersion"("annex", "version");

-- CreateIndex
CREATE UNIQUE INDEX "JointCostBudget_year_kind_key" ON "JointCostBudget"("year", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "DevelopmentDay_idempotencyKey_key" ON "DevelopmentDay"("idempotencyKey");

-- CreateIndex
CREATE INDEX "JointCost_billingRunId_idx" ON "JointCost"("billingRunId");

-- CreateIndex
CREATE UNIQUE INDEX "JointCost_idempotencyKey_key" ON "JointCost"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "BillingRun_year_quarter_key" ON "BillingRun"("year", "quarter");

-- CreateIndex
CREATE UNIQUE INDEX "JointCostInvoice_year_quarter_party_key" ON "JointCostInvoice"("year", "quarter", "party");

-- CreateIndex
CREATE UNIQUE INDEX "JointCostInvoice_number_key" ON "JointCostInvoice"("number");


-- CreateTable
CREATE TABLE "StatisticsSnapshot" (
    "id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "minimumCount" INTEGER NOT NULL,
    "figures" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StatisticsSnapshot_pkey" PRIMARY KEY ("id")
);
