-- GDPR art. 18(3): the customer who obtained a restriction is informed before it is lifted: when and how.
ALTER TABLE "ProcessingRestriction" ADD COLUMN "customerInformedOn" DATE;
ALTER TABLE "ProcessingRestriction" ADD COLUMN "customerInformedBy" TEXT;
