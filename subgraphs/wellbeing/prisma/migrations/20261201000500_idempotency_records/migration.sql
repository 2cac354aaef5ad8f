-- Every mutation's first outcome, stored with its write in one transaction (shared/src/graphql/idempotency.ts).
-- The primary key (caller, key) decides between concurrent repeats.
CREATE TABLE "IdempotencyRecord" (
    "callerId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "mutation" TEXT NOT NULL,
    "inputDigest" TEXT NOT NULL,
    "outcome" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("callerId", "key")
);
