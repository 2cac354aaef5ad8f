-- The customers' index of the access log holds sealed entries only (issue 11: the law's fixed cost per
-- request). Every request writes one entry naming every customer it touched (a caseload page: ~100 ids), and
-- the GIN index on "customerIds" took an index entry per id twice: once in the request's INSERT, and again
-- when the sealer set the entry's place and hash (an UPDATE of an indexed column writes a new row version and
-- new entries in every index of the table). Partial on "chainSeq" IS NOT NULL, the request's INSERT adds
-- nothing to it and the seal adds the ids once, off the request's path. The few entries not sealed yet (about
-- a second's worth) are found through the partial index of unsealed entries: the readers ask for both
-- (shared/src/graphql/audit.ts), so the data subject's and the auditor's answers still include them.
DROP INDEX "AccessLogEntry_customerIds_idx";
CREATE INDEX "AccessLogEntry_customerIds_sealed_idx" ON "AccessLogEntry" USING GIN ("customerIds") WHERE "chainSeq" IS NOT NULL;
