-- Each review that changes the activation plan makes a new version, which the employment register copies (issue 9).
ALTER TABLE "ActivationPlan" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
