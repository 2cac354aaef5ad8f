-- The append-only guard compares the sealed row with the entry by value, not by rendering both to JSON (issue
-- 11). It rendered the new and the old row to jsonb at every entry sealed: for an entry naming a caseload's
-- 500 customers that was 0.26-0.31 ms of the embedded database's CPU per entry, a tenth of the seal. The rule
-- is the same: sealing may set the entry's place and hash once and change nothing else; every other change is
-- refused. The old row with the new place and hash must equal the new row, column by column (IS NOT DISTINCT
-- FROM: nulls equal nulls; arrays element by element), and the seal must give both a place and a hash.
CREATE OR REPLACE FUNCTION "log_chain_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sealed record;
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
     AND NEW."chainSeq" IS NOT NULL AND NEW."chainHash" IS NOT NULL THEN
    sealed := OLD;
    sealed."chainSeq" := NEW."chainSeq";
    sealed."chainHash" := NEW."chainHash";
    IF sealed IS NOT DISTINCT FROM NEW THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is an append-only log: a stored entry is never changed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

-- No entry is stored already sealed (found by the review of this change): a row inserted with a place or a hash
-- could never be sealed (the guard refuses to seal it again) nor deleted (pruning deletes only sealed entries),
-- and every seal of the chain after it was rolled back, so that every later entry stayed unsealed. An entry's
-- place and hash are the sealer's to set, by the UPDATE above, and by nothing else.
CREATE OR REPLACE FUNCTION "log_chain_insert_unsealed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."chainSeq" IS NOT NULL OR NEW."chainHash" IS NOT NULL THEN
    RAISE EXCEPTION '% is an append-only log: an entry is stored unsealed, and sealed only by the sealer', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "AccessLogEntry_insert_unsealed" BEFORE INSERT ON "AccessLogEntry"
  FOR EACH ROW EXECUTE FUNCTION "log_chain_insert_unsealed"();
