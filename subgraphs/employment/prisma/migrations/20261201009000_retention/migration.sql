-- The life span of data (issue 12): the deletion records of the retention run and the identification handed over by the joint register.
CREATE TABLE "DeletionRecord" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relationshipEnd" DATE NOT NULL,
    "dueOn" DATE NOT NULL,
    "rule" TEXT NOT NULL,
    "classes" TEXT[],
    "counts" JSONB NOT NULL,

    CONSTRAINT "DeletionRecord_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "DeletionRecord_runId_customerId_key" ON "DeletionRecord"("runId", "customerId");
CREATE INDEX "DeletionRecord_deletedAt_idx" ON "DeletionRecord"("deletedAt");


CREATE TABLE "RetainedIdentity" (
    "customerId" TEXT NOT NULL,
    "personalIdentityCode" TEXT NOT NULL,
    "firstNames" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "jointCustomershipEndedOn" DATE NOT NULL,
    "handedOverAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetainedIdentity_pkey" PRIMARY KEY ("customerId")
);

