-- Tamper-evident, append-only logs (issue 12: "logs nobody can quietly change"). Entries are written as
-- before (nothing added to the insert: the access log is written on every request); a sealer then gives
-- each new entry its place in the register's hash chain ("chainSeq", "chainHash") and signs the head
-- (shared/src/logs/chain.ts). The database refuses every other change: an entry is never updated except
-- to be sealed once, and deleted only by the retention pruning of its chain, which leaves a signed
-- checkpoint ("LogChainCheckpoint") so that what remains still verifies.

-- The guard of every chained log table. Sealing and pruning announce themselves with a transaction-local
-- setting; the setting is no secret (the hash chain and the signature are what make tampering evident),
-- it keeps every ordinary path (the application, an ORM, a hand-typed UPDATE) from changing a log quietly.
CREATE OR REPLACE FUNCTION "log_chain_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION '% is an append-only log: it is never truncated', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF current_setting('customer_graph.log_pruning', true) = 'on' AND OLD."chainSeq" IS NOT NULL THEN
      RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is an append-only log: entries are deleted only by the retention pruning of its chain', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- UPDATE: only sealing, once, of an entry not yet sealed, changing nothing else.
  IF current_setting('customer_graph.log_sealing', true) = 'on' AND OLD."chainSeq" IS NULL AND OLD."chainHash" IS NULL
     AND (to_jsonb(NEW) - 'chainSeq' - 'chainHash') = (to_jsonb(OLD) - 'chainSeq' - 'chainHash') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is an append-only log: a stored entry is never changed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Checkpoints are history too: never changed, never deleted.
CREATE OR REPLACE FUNCTION "log_chain_checkpoint_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

-- The signed head of each chain: the last sealed entry's place and hash, signed with the register's key.
CREATE TABLE "LogChainHead" (
    "chain" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "sealedAt" TIMESTAMP(3) NOT NULL,
    "signature" TEXT NOT NULL,
    CONSTRAINT "LogChainHead_pkey" PRIMARY KEY ("chain")
);

-- What retention pruning removed from the front of a chain: the place and hash of the last entry
-- pruned, signed, so that the first remaining entry still links to something verifiable.
CREATE TABLE "LogChainCheckpoint" (
    "id" TEXT NOT NULL,
    "chain" TEXT NOT NULL,
    "throughSeq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "prunedCount" INTEGER NOT NULL,
    "cutoff" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signature" TEXT NOT NULL,
    CONSTRAINT "LogChainCheckpoint_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "LogChainCheckpoint_chain_throughSeq_key" ON "LogChainCheckpoint"("chain", "throughSeq");
CREATE TRIGGER "LogChainCheckpoint_append_only" BEFORE UPDATE OR DELETE ON "LogChainCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION "log_chain_checkpoint_append_only"();
CREATE TRIGGER "LogChainCheckpoint_no_truncate" BEFORE TRUNCATE ON "LogChainCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION "log_chain_checkpoint_append_only"();

-- AccessLogEntry: chained and append-only.
ALTER TABLE "AccessLogEntry" ADD COLUMN "chainSeq" BIGINT, ADD COLUMN "chainHash" TEXT;
-- Partial: an insert (always unsealed) adds nothing to it; the places are unique among sealed entries.
CREATE UNIQUE INDEX "AccessLogEntry_chainSeq_key" ON "AccessLogEntry"("chainSeq") WHERE "chainSeq" IS NOT NULL;
-- The sealer's work list: only the few entries not yet sealed are in it.
CREATE INDEX "AccessLogEntry_unsealed_idx" ON "AccessLogEntry"("at", "id") WHERE "chainSeq" IS NULL;
CREATE TRIGGER "AccessLogEntry_append_only" BEFORE UPDATE OR DELETE ON "AccessLogEntry"
  FOR EACH ROW EXECUTE FUNCTION "log_chain_append_only"();
CREATE TRIGGER "AccessLogEntry_no_truncate" BEFORE TRUNCATE ON "AccessLogEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "log_chain_append_only"();
