// Kela's retention (shared/src/law/retention.ts: the seeds give no period; ten years chosen, seed 003 Liite 7 § 9):
// counted from the end of the customer relationship as Kela records it (KelaCustomer.customerRelationshipEndedOn),
// else from the joint customership's end handed over with the person's identification (RetainedIdentity); with
// neither, the data is kept and the run reports it. The run itself is shared/src/retention/run.ts.
import { join } from 'node:path';
import type { RegisterRetention } from '@cg/shared/src/retention/run';

export const kelaRetention: RegisterRetention = {
  register: 'KELA',
  schemaPath: join(__dirname, '..', 'prisma', 'schema.prisma'),
  keep: ['AccessLogEntry', 'DeletionRecord', 'IdempotencyRecord', 'StatisticsSnapshot'],
  relationships: `
    SELECT p."customerId", false AS "open", COALESCE(k."customerRelationshipEndedOn", ri."jointCustomershipEndedOn")::text AS "endedOn"
    FROM (SELECT "customerId" FROM "KelaCustomer" UNION SELECT "customerId" FROM "RetainedIdentity") p
    LEFT JOIN "KelaCustomer" k ON k."customerId" = p."customerId"
    LEFT JOIN "RetainedIdentity" ri ON ri."customerId" = p."customerId"
    WHERE COALESCE(k."customerRelationshipEndedOn", ri."jointCustomershipEndedOn") IS NOT NULL`,
};
