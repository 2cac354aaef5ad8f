-- Every joint-register row names the authority and the official that stored it, and who closed it (seed 003
-- Liite 7 § 1: each joint controller answers for what it stored; issue 10). Existing rows are backfilled
-- where the answer is known from the database itself; otherwise left null (recorded before it was kept).

ALTER TABLE "Consent" ADD COLUMN "storedByAuthority" "Authority", ADD COLUMN "withdrawnByAuthority" "Authority";
ALTER TABLE "ConsentVersion" ADD COLUMN "storedByAuthority" "Authority";

ALTER TABLE "Meeting" ADD COLUMN "closedByAuthority" "Authority", ADD COLUMN "closedBy" TEXT;

ALTER TABLE "ResponsibleOfficial" ADD COLUMN "endedByAuthority" "Authority", ADD COLUMN "endedBy" TEXT;

ALTER TABLE "EmploymentPlanVersion" ADD COLUMN "acceptanceRecordedByAuthority" "Authority", ADD COLUMN "acceptanceRecordedBy" TEXT;

ALTER TABLE "DataSubjectRequest" ADD COLUMN "extendedBy" TEXT, ADD COLUMN "extendedByAuthority" TEXT;

-- ProcessingRestriction."liftedByAuthority" comes with 20261201018100_restriction_lift_notice (made in parallel).

-- Only an official of the authority that placed a hold releases it (legal-holds.ts): known for every release.
ALTER TABLE "LegalHold" ADD COLUMN "releasedByAuthority" "Authority";
UPDATE "LegalHold" SET "releasedByAuthority" = "placedByAuthority" WHERE "releasedBy" IS NOT NULL;

-- A notification is sent by the rectification it passes on: that change names the authority (null for the
-- customer's own rectification).
ALTER TABLE "RectificationNotification" ADD COLUMN "notifiedByAuthority" "Authority";
UPDATE "RectificationNotification" n SET "notifiedByAuthority" = c."storedByAuthority"
  FROM "ContactDetailsChange" c WHERE c."id" = n."contactDetailsChangeId";
