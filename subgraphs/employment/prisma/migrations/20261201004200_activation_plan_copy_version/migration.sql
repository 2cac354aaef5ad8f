-- The activation plan here is a faithful copy of the wellbeing county's plan (189/2001 § 12; issue 9).
ALTER TABLE "ActivationPlan" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "ActivationPlan" ADD COLUMN "copiedAt" TIMESTAMP(3);
