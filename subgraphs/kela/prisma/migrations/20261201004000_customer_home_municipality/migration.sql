-- The customer's home municipality in this register, for the cooperation-area rule (issue 9).
CREATE TABLE "CustomerHomeMunicipality" (
    "customerId" TEXT NOT NULL,
    "municipality" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerHomeMunicipality_pkey" PRIMARY KEY ("customerId")
);
