-- Consents keep their history (issue 9): a version number on the consent and every version's terms.
ALTER TABLE "Consent" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

CREATE TYPE "ConsentChange" AS ENUM ('GIVEN', 'CHANGED', 'WITHDRAWN');

CREATE TABLE "ConsentVersion" (
    "id" TEXT NOT NULL,
    "consentId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "change" "ConsentChange" NOT NULL,
    "recipientType" TEXT NOT NULL,
    "recipientOrganisationId" TEXT,
    "recipientOrganisationName" TEXT,
    "categories" TEXT[],
    "purpose" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "validUntil" DATE NOT NULL,
    "status" "ConsentStatus" NOT NULL,
    "method" "ConsentMethod" NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "ConsentVersion_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ConsentVersion_consentId_version_key" ON "ConsentVersion"("consentId", "version");
CREATE INDEX "ConsentVersion_customerId_idx" ON "ConsentVersion"("customerId");

-- The consents recorded before versions were kept: their present terms become version 1, as given, and a
-- withdrawal version 2.
INSERT INTO "ConsentVersion" ("id", "consentId", "customerId", "version", "change", "recipientType", "recipientOrganisationId",
  "recipientOrganisationName", "categories", "purpose", "validFrom", "validUntil", "status", "method", "recordedAt", "recordedBy")
SELECT "id" || '-v1', "id", "customerId", 1, 'GIVEN', "recipientType", "recipientOrganisationId", "recipientOrganisationName",
  "categories", "purpose", "validFrom", "validUntil", 'GIVEN', "method", "givenAt", "recordedBy"
FROM "Consent";
INSERT INTO "ConsentVersion" ("id", "consentId", "customerId", "version", "change", "recipientType", "recipientOrganisationId",
  "recipientOrganisationName", "categories", "purpose", "validFrom", "validUntil", "status", "method", "recordedAt", "recordedBy")
SELECT "id" || '-v2', "id", "customerId", 2, 'WITHDRAWN', "recipientType", "recipientOrganisationId", "recipientOrganisationName",
  "categories", "purpose", "validFrom", "validUntil", 'WITHDRAWN', "method", COALESCE("withdrawnAt", "givenAt"), COALESCE("withdrawnBy", "recordedBy")
FROM "Consent" WHERE "status" = 'WITHDRAWN';
UPDATE "Consent" SET "version" = 2 WHERE "status" = 'WITHDRAWN';
