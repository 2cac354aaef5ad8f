-- At most one final report per customership period (issue 10, outside review): concurrent endings could
-- write two. Reports doubled before this constraint are removed, the first written kept.
DELETE FROM "FinalReport" AS later USING "FinalReport" AS earlier
WHERE later."customerId" = earlier."customerId"
  AND later."customershipStartedOn" = earlier."customershipStartedOn"
  AND (earlier."createdAt", earlier."id") < (later."createdAt", later."id");

-- CreateIndex
CREATE UNIQUE INDEX "FinalReport_customerId_customershipStartedOn_key" ON "FinalReport"("customerId", "customershipStartedOn");
