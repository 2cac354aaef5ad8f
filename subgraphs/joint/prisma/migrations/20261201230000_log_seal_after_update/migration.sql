-- Sealing without a second copy of the entry's long values (issue 11, growth with time). The append-only guard
-- of UPDATE ran BEFORE the row was written: a PL/pgSQL trigger that reads NEW hands back a row whose
-- out-of-line (TOAST) values are detoasted copies, so every seal wrote the entry's "customerIds" (a caseload
-- names ~100 customers, about 4 kB) to TOAST a second time and left the first copy dead; with no autovacuum in
-- the embedded database that doubled the log's storage. Checked AFTER the row is written, the same function
-- still refuses every change but the seal (and a redaction), aborting the statement as before, and the sealed
-- row keeps the entry's stored values. DELETE stays a BEFORE trigger (it writes no row).
DROP TRIGGER "AccessLogEntry_append_only" ON "AccessLogEntry";
CREATE TRIGGER "AccessLogEntry_append_only" BEFORE DELETE ON "AccessLogEntry"
  FOR EACH ROW EXECUTE FUNCTION "log_chain_append_only"();
CREATE TRIGGER "AccessLogEntry_append_only_update" AFTER UPDATE ON "AccessLogEntry"
  FOR EACH ROW EXECUTE FUNCTION "log_chain_append_only"();

-- The disclosure records the same way (their guard also admits the redaction).
DROP TRIGGER "DisclosureRecord_append_only" ON "DisclosureRecord";
CREATE TRIGGER "DisclosureRecord_append_only" BEFORE DELETE ON "DisclosureRecord"
  FOR EACH ROW EXECUTE FUNCTION "redactable_log_append_only"();
CREATE TRIGGER "DisclosureRecord_append_only_update" AFTER UPDATE ON "DisclosureRecord"
  FOR EACH ROW EXECUTE FUNCTION "redactable_log_append_only"();
