-- Requests of the data subject (issue 12; GDPR art. 12, 15-21): the request desk, restrictions of
-- processing, disclosures on a legal basis instead of a consent, notifications of rectifications to
-- recipients (art. 19) and the access reports given (art. 15(3)).

ALTER TABLE "DisclosureRecord" ALTER COLUMN "consentId" DROP NOT NULL,
  ADD COLUMN "legalBasis" TEXT, ADD COLUMN "lawBasedDisclosureId" TEXT;

CREATE TABLE "DataSubjectRequest" (
  "id" TEXT NOT NULL,
  "customerId" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "channel" TEXT NOT NULL,
  "identityVerification" TEXT NOT NULL,
  "register" TEXT NOT NULL,
  "details" TEXT NOT NULL,
  "categories" TEXT[],
  "receivedOn" DATE NOT NULL,
  "dueOn" DATE NOT NULL,
  "extendedDueOn" DATE,
  "extensionReason" TEXT,
  "status" TEXT NOT NULL,
  "answer" TEXT,
  "grounds" TEXT,
  "objectionDecision" TEXT,
  "answeredOn" DATE,
  "answeredBy" TEXT,
  "answeredByAuthority" TEXT,
  "recordedBy" TEXT NOT NULL,
  "recordedByKind" TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "DataSubjectRequest_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "DataSubjectRequest_customerId_idx" ON "DataSubjectRequest"("customerId");
CREATE INDEX "DataSubjectRequest_status_dueOn_idx" ON "DataSubjectRequest"("status", "dueOn");

CREATE TABLE "ProcessingRestriction" (
  "id" TEXT NOT NULL,
  "customerId" TEXT NOT NULL,
  "requestId" TEXT,
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

CREATE TABLE "LawBasedDisclosure" (
  "id" TEXT NOT NULL,
  "customerId" TEXT NOT NULL,
  "requesterType" TEXT NOT NULL,
  "requesterOrganisationId" TEXT NOT NULL,
  "requesterName" TEXT NOT NULL,
  "requestReference" TEXT NOT NULL,
  "requestedOn" DATE NOT NULL,
  "legalBasis" TEXT NOT NULL,
  "categories" TEXT[],
  "decision" TEXT NOT NULL,
  "reason" TEXT NOT NULL,
  "decidedBy" TEXT NOT NULL,
  "decidedByAuthority" TEXT NOT NULL,
  "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "disclosureRecordId" TEXT,
  CONSTRAINT "LawBasedDisclosure_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "LawBasedDisclosure_customerId_idx" ON "LawBasedDisclosure"("customerId");

CREATE TABLE "RectificationNotification" (
  "id" TEXT NOT NULL,
  "customerId" TEXT NOT NULL,
  "contactDetailsChangeId" TEXT NOT NULL,
  "recipientType" TEXT NOT NULL,
  "recipientOrganisationId" TEXT NOT NULL,
  "fields" TEXT[],
  "disclosureRecordIds" TEXT[],
  "notifiedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "notifiedBy" TEXT NOT NULL,
  CONSTRAINT "RectificationNotification_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "RectificationNotification_customerId_idx" ON "RectificationNotification"("customerId");

CREATE TABLE "AccessReportIssue" (
  "id" TEXT NOT NULL,
  "customerId" TEXT NOT NULL,
  "year" INTEGER NOT NULL,
  "ordinal" INTEGER NOT NULL,
  "chargeable" BOOLEAN NOT NULL,
  "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "issuedTo" TEXT NOT NULL,
  CONSTRAINT "AccessReportIssue_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AccessReportIssue_customerId_year_ordinal_key" ON "AccessReportIssue"("customerId", "year", "ordinal");
