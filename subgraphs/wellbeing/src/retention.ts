// The wellbeing county's retention (shared/src/law/retention.ts: the seeds give no period; ten years chosen,
// seed 003 Liite 7 § 9): counted from the end of the client relationship as the county records it
// (Client.clientRelationshipEndedOn), else from the joint customership's end handed over with the person's
// identification (RetainedIdentity); with neither, the data is kept and the run reports it. The run itself is
// shared/src/retention/run.ts.
import { join } from 'node:path';
import type { RegisterRetention } from '@cg/shared/src/retention/run';

export const wellbeingRetention: RegisterRetention = {
  register: 'WELLBEING',
  schemaPath: join(__dirname, '..', 'prisma', 'schema.prisma'),
  keep: ['AccessLogEntry', 'DeletionRecord', 'IdempotencyRecord', 'StatisticsSnapshot'],
  relationships: `
    SELECT p."customerId", false AS "open", COALESCE(c."clientRelationshipEndedOn", ri."jointCustomershipEndedOn")::text AS "endedOn"
    FROM (SELECT "customerId" FROM "Client" UNION SELECT "customerId" FROM "RetainedIdentity") p
    LEFT JOIN "Client" c ON c."customerId" = p."customerId"
    LEFT JOIN "RetainedIdentity" ri ON ri."customerId" = p."customerId"
    WHERE COALESCE(c."clientRelationshipEndedOn", ri."jointCustomershipEndedOn") IS NOT NULL`,
};
