-- GDPR art. 18(3): a restriction is lifted only by the authority that placed it (or the data protection
-- officer), after the customer who obtained it was informed: who lifted it, and when and how the customer was told.
ALTER TABLE "ProcessingRestriction" ADD COLUMN "liftedByAuthority" TEXT;
ALTER TABLE "ProcessingRestriction" ADD COLUMN "customerInformedOn" DATE;
ALTER TABLE "ProcessingRestriction" ADD COLUMN "customerInformedBy" TEXT;
