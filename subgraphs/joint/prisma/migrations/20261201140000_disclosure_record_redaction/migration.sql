-- Disclosure records live as long as the person's joint data (RETENTION: DISCLOSURE_LOG, four years from the
-- end of the joint customership), not by the age of the entry, so the pruning of the front of the chain cannot
-- follow them. From this migration on their chain is sealed by version 2 (shared/src/logs/chain.ts): the link
-- commits to a digest of the personal columns, so that the retention run can redact a deleted person's records
-- (personal columns emptied, the digest kept here, the redaction signed with the register's key) and the chain
-- still verifies.
--
-- Entries sealed before (chainVersion null: version 1) bind their whole content: they are kept and verified as
-- before, never re-sealed (that would throw the evidence away); the retention run counts them as kept.
ALTER TABLE "DisclosureRecord"
  ADD COLUMN "chainVersion" INTEGER,
  ADD COLUMN "redactedContentDigest" TEXT,
  ADD COLUMN "redactedAt" TIMESTAMP(3),
  ADD COLUMN "redactedByRunId" TEXT,
  ADD COLUMN "redactionSignature" TEXT;

-- The guard of a redactable chain: as log_chain_append_only, and sealing must now write version 2 (a sealer of
-- the code before is refused, its entries wait for a current one), plus one more change: the redaction, once,
-- of an entry sealed by version 2, keeping its place, hash, version and kept columns.
CREATE OR REPLACE FUNCTION "redactable_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF current_setting('customer_graph.log_sealing', true) = 'on' AND OLD."chainSeq" IS NULL AND OLD."chainHash" IS NULL
     AND OLD."chainVersion" IS NULL AND NEW."chainVersion" = 2
     AND (to_jsonb(NEW) - 'chainSeq' - 'chainHash' - 'chainVersion') = (to_jsonb(OLD) - 'chainSeq' - 'chainHash' - 'chainVersion') THEN
    RETURN NEW;
  END IF;
  IF current_setting('customer_graph.log_redacting', true) = 'on' AND OLD."chainSeq" IS NOT NULL AND OLD."chainVersion" = 2
     AND OLD."redactedContentDigest" IS NULL AND NEW."redactedContentDigest" IS NOT NULL AND NEW."redactedAt" IS NOT NULL
     AND NEW."redactionSignature" IS NOT NULL
     AND NEW."chainSeq" = OLD."chainSeq" AND NEW."chainHash" = OLD."chainHash" AND NEW."chainVersion" = OLD."chainVersion"
     AND NEW."id" = OLD."id" AND NEW."disclosedAt" = OLD."disclosedAt" AND NEW."register" = OLD."register" THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is an append-only log: a stored entry is never changed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER "DisclosureRecord_append_only" ON "DisclosureRecord";
CREATE TRIGGER "DisclosureRecord_append_only" BEFORE UPDATE OR DELETE ON "DisclosureRecord"
  FOR EACH ROW EXECUTE FUNCTION "redactable_log_append_only"();
