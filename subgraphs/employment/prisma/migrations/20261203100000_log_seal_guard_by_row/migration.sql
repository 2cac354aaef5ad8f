-- The append-only guard compares the sealed row with the entry by value, not by rendering both to JSON (issue
-- 11). It rendered the new and the old row to jsonb at every entry sealed: for an entry naming a caseload's
-- 500 customers that was 0.26-0.31 ms of the embedded database's CPU per entry, a tenth of the seal. The rule
-- is the same: sealing may set the entry's place and hash once and change nothing else; every other change is
-- refused. The old row with the new place and hash must equal the new row, column by column (IS NOT DISTINCT
-- FROM: nulls equal nulls; arrays element by element).
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
  IF current_setting('customer_graph.log_sealing', true) = 'on' AND OLD."chainSeq" IS NULL AND OLD."chainHash" IS NULL THEN
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
