// The joint register's retention (seed 003 Liite 7 § 9; shared/src/law/retention.ts): a person's data is deleted
// four years after the customership ended, unless a legal hold keeps it. The run itself is shared/src/retention/run.ts.
import { join } from 'node:path';
import type { RegisterRetention } from '@cg/shared/src/retention/run';

export const jointRetention: RegisterRetention = {
  register: 'JOINT',
  schemaPath: join(__dirname, '..', 'prisma', 'schema.prisma'),
  keyColumns: { Customer: 'id' },
  // Disclosure records and the access log are append-only and hash-chained (pruned by the log chain pruning);
  // idempotency records are pruned by age; statistics snapshots are anonymised.
  keep: ['AccessLogEntry', 'DisclosureRecord', 'DeletionRecord', 'IdempotencyRecord', 'StatisticsSnapshot'],
  // A disclosure record lives as long as the person's joint data (RETENTION: DISCLOSURE_LOG): redacted in its
  // hash chain in the person's deletion transaction, so the chain still verifies (shared/src/logs/chain.ts).
  redact: ['DISCLOSURE_RECORDS'],
  // A hold in force (it names an own register, or the person would not be due) outlives the joint data.
  deleteOnly: { LegalHold: '"releasedAt" IS NOT NULL' },
  // The current customership's end; a reopened customership is open. A released hold of a person whose joint
  // data is already gone is due four years after its release.
  relationships: `
    SELECT "id" AS "customerId", ("customershipEndedOn" IS NULL) AS "open", "customershipEndedOn"::text AS "endedOn" FROM "Customer"
    UNION ALL
    SELECT h."customerId", false AS "open", max(h."releasedAt")::date::text AS "endedOn" FROM "LegalHold" h
    WHERE h."releasedAt" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Customer" c WHERE c."id" = h."customerId")
    GROUP BY h."customerId"`,
};
