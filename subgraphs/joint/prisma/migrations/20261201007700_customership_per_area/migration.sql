-- One customership per person and cooperation area (issue 10: admitting a person who is a customer of
-- another area must answer as for a person who is nobody's customer, 621/1999 § 24). The area is that of
-- the home municipality (shared/src/law/areas.ts as of this migration); a municipality in no area: NONE.
ALTER TABLE "Customer" ADD COLUMN "cooperationArea" TEXT NOT NULL DEFAULT 'NONE';
UPDATE "Customer" SET "cooperationArea" = CASE
  WHEN lower(trim("homeMunicipality")) IN ('järvenpää', 'kerava', 'mäntsälä', 'pornainen', 'tuusula') THEN 'KESKI_UUSIMAA'
  WHEN lower(trim("homeMunicipality")) IN ('rovaniemi', 'kemi', 'tornio', 'kemijärvi', 'sodankylä', 'inari', 'kittilä') THEN 'LAPLAND'
  ELSE 'NONE' END;
DROP INDEX "Customer_personalIdentityCode_key";
CREATE UNIQUE INDEX "Customer_personalIdentityCode_cooperationArea_key" ON "Customer"("personalIdentityCode", "cooperationArea");

-- The outbox of home-municipality notices to the three authorities' registers.
CREATE TABLE "HomeMunicipalityNotice" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "register" "Authority" NOT NULL,
    "municipality" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "storedByAuthority" "Authority",
    "storedBy" TEXT,

    CONSTRAINT "HomeMunicipalityNotice_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "HomeMunicipalityNotice_deliveredAt_idx" ON "HomeMunicipalityNotice"("deliveredAt");
CREATE INDEX "HomeMunicipalityNotice_customerId_idx" ON "HomeMunicipalityNotice"("customerId");

-- Every joint-register row names the authority and official that stored it (seed 003 Liite 7 § 1): the
-- customer row (who admitted or reopened), and who ended a special arrangement.
ALTER TABLE "Customer" ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "storedBy" TEXT;
ALTER TABLE "SpecialArrangement" ADD COLUMN "endedByAuthority" "Authority", ADD COLUMN "endedBy" TEXT;
